# The terminal app.

## Header, tabs and footer

header-no-region = no region chosen
header-region = region
header-sandbox = SANDBOX
header-read-only = READ-ONLY
header-no-credential = none found
header-endpoint = endpoint
header-credential = credential
header-as = as
header-account = account
header-acct = acct

tab-region = Region
tab-form = Form
tab-progress = Progress
tab-history = History
tab-attach = Attach
tab-detach = Detach
tab-move = Move

## Key contexts (help pane headings)

context-region = Region list
context-region-filter = Region filter
context-form = Form (attach, detach, move)
context-picker = Picker
context-confirm = Confirm
context-progress = Progress
context-history = History
context-history-filter = History filter
context-detail = History record
context-help = Help
context-credentials = Credentials
context-everywhere = everywhere

## What each key does (footer hints and the help pane)

key-send = send it
key-send-without-preflight = send without preflight (only when it could not run)
key-override = allow sending despite failed checks
key-deny = go back, send nothing
key-select = choose / next / open
key-picker = pick ENI / instance from a list
key-operation = operation: attach ▸ detach ▸ move
key-attach-type = switch attach type
key-detach = detach (undo), after confirm
key-rerun = re-run: prefill the form
key-resend = re-send, same ClientToken (if unknown)
key-recheck = re-check where the ENI is
key-move = move this ENI elsewhere: prefill
key-copy = copy RequestId / ID (OSC 52)
key-filter = filter
key-refresh = reload from the API / store
key-up = move up
key-down = move down
key-scroll-up = scroll up
key-scroll-down = scroll down
key-page-up = page up
key-page-down = page down
key-next-pane = next pane / field
key-prev-pane = previous pane / field
key-back = back / cancel
key-demo = open the demo (built-in sandbox)
key-help = help
key-quit = quit
key-force-quit = quit (asks first if a request is in flight)
key-pane-region = go to Region
key-pane-form = go to the form
key-pane-history = go to History
key-pane-progress = go to Progress
keys-table-header = | Keys | Action (config name) | Where | What |
keymap-unknown-action = keys: unknown action '{ $name }'
keymap-bad-key = keys: cannot read key '{ $spec }' for '{ $name }'

## Help pane

help-title = Help · Esc or ? closes
help-intro = Keys per pane (from the live keymap; rebind in the config file's [keys] table).
help-intro-short = Keys per pane (rebind in [keys]).
help-text-fields = Text fields and lists
help-text-fields-body =
    Printable keys type (the region list is its own filter; in History `/` opens the search).
    Ctrl-U clears, Ctrl-W deletes a word,
    Ctrl-K deletes to the end, Ctrl-A/Ctrl-E or Home/End jump, Alt-←/→ move by word.
    Paste `eni-… ins-…` (a move: `eni-… ins-from ins-to`) to fill the fields at once.
    Names match fuzzily (`wb1` finds web-1); IDs match exactly or by prefix.
help-history-search = History search
help-history-search-body =
    Words are ANDed; each is found in any column shown: ENI, instances, region, action,
    outcome, error code, RequestId, ClientToken (`detach`, `ins-web`, `Zone`).
    field:value narrows a word: outcome: (status:), region:, code: (error:), eni:,
    instance: (ins:), request: (req:), token:, action:, profile:, account:.
    Examples: `outcome:failed region:ap-guangzhou`, `action:move`, `code:"Zone"`.

## Region pane

region-title = Region
region-col-name = Name
region-col-other-name = 中文名
region-finance = FINANCE
region-filter = filter:
region-filter-count = { $shown } of { $total } regions
region-prompt = Pick a region · { $count } regions · type to filter (ID, name, 中文, alias like gz)
region-prompt-short = Pick a region · { $count } regions · type to filter

## Credentials dialog

credentials-title = No credential found
credentials-looked = tceni looked for a key, first found wins:
credentials-source-env = 1. env TENCENTCLOUD_SECRET_ID + TENCENTCLOUD_SECRET_KEY
credentials-source-oidc = 2. TKE OIDC (TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN…)
credentials-source-keyring = 3. the OS keyring (tceni credentials set)
credentials-source-tccli = 4. ~/.tccli/<profile>.credential
credentials-source-sdk = 5. ~/.tencentcloud/credentials
credentials-source-cvm-role = 6. the CVM role (instance metadata)
credentials-store = Store a key in the OS keyring for profile '{ $profile }':
credentials-keys = Enter store · Tab other field · { $demo } open the demo (built-in sandbox) · { $back } continue without
credentials-storing = storing…

## Table columns

col-id = ID
col-number = #
col-started = Started (UTC)
col-op = Op
col-region = Region
col-eni = ENI
col-instance = Instance
col-outcome = Outcome
col-code = Code
col-request-id = RequestId
col-name = Name
col-state = State
col-on = On
col-pick = Pick?
col-ip = IP
col-vpc = VPC
col-subnet = Subnet
col-zone = Zone
col-type = Type
col-utc = UTC
col-rgn = Rgn
col-local-time = Time ({ $offset })
col-who = Who
col-change = Change
col-result = Result

## The account (header, confirm pane)

account-checking = checking…
account-unknown = unknown ({ $reason })

## Confirm pane

confirm-title = Confirm { $verb }: review what will be sent
confirm-title-read-only = Review { $verb } (read-only): nothing will be sent
confirm-preflight = Preflight (checked now; checked again when sent)
confirm-does-attach = attach { $eni } to { $instance } in { $region }
confirm-does-detach = detach { $eni } from { $instance } in { $region }
confirm-does-move = move { $eni } from { $from } to { $to } in { $region }
confirm-attach-type-default = not sent (the service's default, standard)
confirm-attach-type-none = not sent (detach has none)
confirm-no-token = none: this API has none, so a lost answer is settled by describing the ENI
confirm-describing = describing the ENI and the instance
confirm-preflight-failed = preflight could not run: { $title } ({ $code })
confirm-nothing-checked = nothing was checked, so nothing is known to pass or fail
confirm-send-unchecked = { $key }: send without preflight (the service still checks; history records it)
confirm-no-rules = no rules for this operation
confirm-tceni-refuses = tceni refuses with { $code }
confirm-service-would = the service would answer { $code }
confirm-what-to-do = what to do: { $advice }
confirm-next-step = next: { $back } back to the form, then { $key } { $does }
confirm-back = { $key }/Esc back
confirm-read-only = READ-ONLY: nothing will be sent · { $back }
confirm-checking = checking… other keys are ignored until the verdicts show · { $back }
confirm-send = { $send } { $does } · { $back }
confirm-nothing-to-do = nothing to do · { $send } records it, sends nothing · { $back }
confirm-override-armed = OVERRIDE ARMED: { $send } { $does } despite failed checks · { $back }
confirm-blocked = ✗ checks failed: sending is blocked · { $override_key } then { $send } to send anyway · { $back }
confirm-account-refused = ✗ account not in allowed_accounts: nothing can be sent · { $back }
confirm-could-not-run = preflight could not run · { $key } send without preflight: { $does } · { $back }
confirm-checking-short = checking… · { $back }
confirm-send-short = { $send } send · { $back }
confirm-nothing-to-do-short = nothing to do · { $send } records it · { $back }
confirm-override-armed-short = OVERRIDE ARMED: { $send } sends anyway · { $back }
confirm-blocked-short = ✗ blocked · { $override_key } then { $send } sends anyway · { $back }
confirm-account-refused-short = ✗ account not allowed · { $back }
confirm-could-not-run-short = preflight could not run · { $key } send unchecked · { $back }
confirm-scroll = scroll
field-action = Action
field-region = Region
field-eni = ENI
field-from = From
field-to = To
field-instance = Instance
field-attach-type = AttachType
field-client-token = ClientToken
field-credential = Credential
field-account = Account
confirm-dwell = verdicts in: read them first · { $back }

## History pane

history-title = History
history-unavailable = history unavailable: { $reason }
history-opening = opening the history file…
history-loading = loading…
history-filter = filter:
history-unknown-field = unknown field '{ $name }:'; fields: { $fields }
history-matches = { $more ->
    [plus] { $count }+ matches
   *[none] { $count ->
        [one] { $count } match
       *[other] { $count } matches
    }
}
history-newest-first = newest first
history-rows = { $more ->
    [plus] { $count }+ rows
   *[none] { $count ->
        [one] { $count } row
       *[other] { $count } rows
    }
}
history-all-in = all in { $region }
history-search = { $key } to search
history-search-fields = (? shows field:value)
history-enter = Enter record
history-outcome-pending = pending…
history-outcome-sending = sending?
history-outcome-sent = sent…
history-outcome-succeeded = succeeded
history-outcome-failed = FAILED
history-outcome-unknown = unknown?
history-outcome-preflight-failed = preflight✗
history-outcome-not-sent = not sent
history-outcome-cancelled = cancelled
history-outcome-already-done = already done
history-outcome-mismatch = MISMATCH
history-op-attach = attach
history-op-detach = detach
history-op-move = move
history-record-title = History record #{ $id }
history-field-action = Action
history-field-outcome = Outcome
history-field-region = Region
history-field-eni-instance = ENI → instance
history-field-started = Started (UTC)
history-field-task = Task
history-field-found = ENI found
history-field-caller = Caller
history-field-account = Account
history-field-error = Error
history-field-preflight = Preflight
history-field-resend = Re-send of
history-resend-of = #{ $id }, with the same ClientToken: one request, one task
history-field-continued = Sent again
history-continued-by = as { $ids } (the same ClientToken): the service answered for this request there
history-preflight-skipped = skipped (sent without preflight, on the operator's choice)
history-preflight-interrupted = stopped while checking
history-preflight-unreadable = cannot be read ({ $reason })
history-region-via = { $region }  via { $endpoint }
history-no-token = none (this API has none)
history-account-unknown = unknown (not recorded)
history-ran-settled = ran { $ran } s · settled { $at }
history-ended-took = { $at } ({ $took } s)
history-task-not-followed = not followed (no task known)
history-task-ended-after = ended { $after } s after the start
history-not-described = not described
history-eni-from = { $eni } from { $instance }

## Pickers (ENI, instance)

picker-title = Pick { $what } · { $region }
picker-what-eni = the ENI to { $verb }
picker-what-destination = the instance to move it to
picker-what-source = the instance it is on
picker-what-attach-to = the instance to attach it to
picker-filter = filter:
picker-filter-fields = (ID, name, state, type, VPC, zone, IP)
picker-not-listed = { $kind ->
    [eni] ENIs
   *[other] instances
} not listed: no region or credential
picker-loading = loading { $kind ->
    [eni] ENIs
   *[other] instances
}…
picker-failed = listing { $kind ->
    [eni] ENIs
   *[other] instances
} failed: { $title } ({ $code })
picker-type-instead = Esc, then type the ID in the form: it still works.
picker-summary = { $good } of { $total } { $kind ->
    [eni] ENIs
   *[other] instances
} { $good_for }
picker-checking = { $count } checking…
picker-good-to = good to { $verb }
picker-good-to-for = good to { $verb } for { $against }
picker-hold = hold { $eni }
picker-good-from = good to { $verb } from
picker-can-take = can take { $eni }
picker-can-take-any = can take an ENI
picker-yes = yes
picker-yes-but = yes (! { $notes })
picker-list-separator = {", "}
picker-checking-slots = checking slots
picker-already-there = already there
picker-short-account = account not allowed
picker-short-not-found = not found
picker-short-not-free = not free
picker-short-not-on-source = not on the source
picker-short-primary = primary ENI
picker-short-busy = busy
picker-short-source-state = source state
picker-short-wrong-state = wrong state
picker-short-other-vpc = other VPC
picker-short-other-zone = other zone
picker-short-no-slot = no free slot
picker-short-no-security-group = no security group
picker-short-runbook = done
picker-short-slots-unknown = slots unknown
picker-why = { $reason }: { $advice }

## Form

form-intro-attach = Attach an ENI to an instance
form-intro-detach = Detach an ENI from its instance
form-intro-move = Move an ENI to another instance
form-intro-keys = type, paste or pick IDs; Enter moves on
form-label-eni = ENI
form-label-instance = Instance
form-label-from = From instance
form-label-to = To instance
form-label-attach-type = Attach type
form-review = Review and confirm
form-review-read-only = Review (read-only)
form-on = on { $instance }
form-unlisted = not in this region's { $kind ->
    [eni] ENI
   *[other] instance
} list
form-well-formed = well-formed
form-checking-slots = checking its ENI slots…
form-switches = { $key } switches
form-required = required
form-attach-type-detach = Attach type: not used by detach
form-lists = lists:
form-typing-works = Typing IDs still works.
form-list-idle = { $kind ->
    [eni] ENIs
   *[other] instances
} not listed (no region or credential)
form-list-loading = { $kind ->
    [eni] ENIs
   *[other] instances
} loading…
form-list-loaded = { $count } { $kind ->
    [eni] ENIs
   *[other] instances
}
form-list-failed = { $kind ->
    [eni] ENIs
   *[other] instances
} failed
