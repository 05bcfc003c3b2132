# A runbook file's problems (each one line with file:line:column) and the undo runbook's
# comments.

rbf-not-name-value = '{ $text }' is not name=value
rbf-bad-variable-name-set = '{ $name }' is not a variable name (letters, digits, '_' and '-')
rbf-not-toml = not valid TOML: { $message }
rbf-unknown-key = unknown key '{ $key }' (a runbook has { $known })
rbf-not-a-string = { $what ->
    [runbook] runbook
   *[step] step
    } key '{ $key }' must be a string, not { $kind }
rbf-bad-variable-name = '{ $name }' is not a variable name
rbf-variable-not-string = variable '{ $name }' must be a string
rbf-vars-not-table = 'vars' must be a table of name = "value"
rbf-no-steps = no steps: add [[steps]] tables (op = "move" | "attach" | "detach")
rbf-steps-not-tables = 'steps' must be [[steps]] tables
rbf-too-many-steps = { $count } steps; at most { $most }
rbf-step-not-table = step { $number } must be a table
rbf-empty = no steps: the runbook would do nothing
rbf-unused-set = --set { $name }: the runbook uses no variable '${"{"}{ $name }{"}"}'
rbf-unknown-step-key = unknown key '{ $key }' in step { $number } (a step has { $known })
rbf-no-op = step { $number } has no 'op' (move, attach or detach)
rbf-bad-op = op '{ $op }' is not move, attach or detach
rbf-key-not-taken = a { $kind } step takes no '{ $key }' (it takes { $takes })
rbf-missing-key = step { $number } ({ $kind }) has no '{ $key }'
rbf-bad-attach-type = attach_type '{ $value }' is not standard or extended
rbf-no-region = step { $number } has no region: set 'region' at the top or in the step
rbf-step-error = step { $number }: { $error }
rbf-unclosed-variable = '{ $text }': '${"{"}' without a closing '{"}"}'
rbf-unset-variable = variable '{ $name }' is not set: pass --set { $name }=VALUE or add it to [vars]

## The undo runbook's comments

undo-name = undo of { $name } (run { $run_id })
undo-written = # Written by tceni after `runbook apply` of { $path }.
undo-puts-back = # It puts back what the run changed, newest change first. Plan it before applying it:
undo-plan = #   tceni runbook plan THIS_FILE
undo-step = # undoes step { $number }: { $summary }
