# Words shared by the terminal app and the command line.
# Arguments are named ($value); a message is one whole sentence, never a fragment to glue.

language-unknown = no catalog for language "{ $value }" (from { $origin }); tceni speaks { $available }

## Preflight: each rule, and the facts a verdict rests on

rule-account-allowed = account is allowed
rule-eni-exists = ENI exists
rule-eni-free = ENI is not attached
rule-eni-on-source = ENI is attached to the source
rule-eni-not-primary = ENI is not a primary ENI
rule-eni-available = ENI is AVAILABLE
rule-source-state = source is RUNNING or STOPPED
rule-instance-exists = instance exists
rule-instance-state = instance is RUNNING or STOPPED
rule-same-vpc = same VPC
rule-same-zone = ENI subnet's zone = instance zone
rule-free-eni-slot = instance has a free ENI slot
rule-security-group = ENI has a security group
rule-runbook = runbook step done before this run

pf-no-eni = no ENI { $eni } in this region
pf-eni-in = { $eni } in { $vpc } / { $subnet }
pf-nothing-to-do = nothing to do
pf-already-on = { $eni } is already attached to { $instance }: nothing to do
pf-nothing-to-detach = { $eni } is attached to no instance: nothing to detach
pf-is-the-source = { $instance } is the source: moving there changes nothing
pf-source-unknown = { $instance } is not known to the service
pf-source-state = the source is { $state }; the service may refuse the move
pf-not-checked = not checked: a resource was not found
pf-no-instance = no instance { $instance } in this region
pf-primary-of = { $eni } is the primary ENI of { $instance }
pf-attached-elsewhere = { $eni } is attached to another instance, { $instance }
pf-not-available = { $eni } is { $state }, not AVAILABLE
pf-not-attached = not attached to any instance
pf-attached-to = attached to { $instance }
pf-on-other = { $eni } is attached to { $on }, not to { $source }
pf-on-nothing = { $eni } is attached to no instance
pf-is-primary = { $eni } is its instance's primary ENI
pf-secondary = secondary ENI
pf-instance-state = the instance is { $state }, not RUNNING or STOPPED
pf-vpc-mismatch = the ENI is in { $eni_vpc }, the instance in { $instance_vpc }
pf-no-vpc = the instance is not in a VPC
pf-zone-mismatch = the ENI's subnet is in { $eni_zone }, the instance in { $instance_zone }
pf-limit-unread = the instance's ENI limit could not be read
pf-no-extended-quota = the service gives no extended-ENI quota for it
pf-takes-none = { $kind ->
    [extended] its type takes no extended ENIs
   *[standard] its type takes no ENIs
}
pf-slots = { $kind ->
    [extended] { $used } of { $quota } extended ENIs in use
   *[standard] { $used } of { $quota } ENIs in use
}
pf-slots-full = { $kind ->
    [extended] { $used } of { $quota } extended ENIs in use: none free
   *[standard] { $used } of { $quota } ENIs in use: none free
}
pf-no-security-group = the ENI has no security group
service-said = the service said: “{ $message }”

## Regions

region-unknown = unknown region '{ $typed }': give an ID like ap-guangzhou or an alias like gz (tceni regions lists them)
region-ambiguous = '{ $typed }' could be { $candidates }: give the region ID
# Between the choices of a list (`a or b or c`), spaces included.
region-list-or = {" "}or{" "}

## Plans and IDs: what was typed, refused before anything is sent

plan-region = region '{ $typed }' is not a Tencent Cloud region ID (for example ap-guangzhou)
plan-region-suggested = region '{ $typed }' is not a Tencent Cloud region ID (did you mean { $suggested }?)
plan-client-token = ClientToken must be 1 to 64 printable ASCII characters (no space, no control character)
plan-no-client-token = { $action } takes no ClientToken; a lost answer is settled by describing the ENI instead
plan-no-attach-type = { $action } takes no AttachType
plan-same-instance = the source and the destination are the same instance ({ $instance })
id-empty = { $kind } ID is empty
id-wrong-prefix = { $kind } ID must start with '{ $prefix }' (got '{ $got }')
id-wrong-length = { $kind } ID needs 8 characters after '{ $prefix }', got { $len }
id-bad-character = { $kind } ID may hold only lowercase letters and digits after '{ $prefix }'; { $bad } is not allowed
