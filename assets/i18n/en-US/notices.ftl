# The terminal app's notices (the line above the footer) and the texts its update and workers
# build.

notice-choose-region = choose a region first
notice-nothing-run = nothing has run yet: Progress opens with the first send
notice-no-credential = no credential: lists and sends will fail until one is set
notice-key-pair-needed = both the SecretId and the SecretKey are needed
notice-reconciled = { $count ->
    [one] reconciled 1 unfinished attempt with the service
   *[other] reconciled { $count } unfinished attempts with the service
    }
notice-copied = copied { $what ->
    [request] RequestId
   *[eni] ENI ID
    } { $text }

## Confirm pane

notice-checking-first = checking first: keys are ignored until the verdicts show
notice-too-soon = { $key } ignored: verdicts shown < { $ms } ms ago; read them first
notice-does-nothing = { $key } does nothing here: { $how }
notice-enter-does-not-send = Enter does not send here: { $how }
notice-how-wait = wait for the verdicts
notice-how-send = press { $send } to send
notice-how-record = nothing to send; { $send } records it
notice-how-armed = { $send } sends despite the failed checks
notice-how-override = { $override } then { $send } sends anyway
notice-how-refused = the account is not allowed
notice-how-unchecked = { $unchecked } sends without preflight
notice-preflight-did-not-run = preflight did not run; { $unchecked } sends without preflight
notice-account-refused = account not in allowed_accounts: nothing is sent
notice-override-armed = override armed: { $send } sends despite the failed checks
notice-override-disarmed = override disarmed

## Form, pickers, history

notice-focus-not-text = the focus is on { $label }, not a text field: ↑ goes back to the fields
notice-took = took { $took }
notice-took-left = took { $took } · left { $left } (not used)
notice-primary-eni = { $eni } is the primary ENI of { $instance }: it never leaves its instance; pick a secondary ENI
notice-set-to-move = { $eni } is attached to { $instance }: set to move it ({ $key } changes the operation)
notice-pick-another = { $reason }: pick another
notice-will-be-refused = { $id }: preflight will refuse it: { $reasons }
notice-not-a-key = { $key } is not a key here: { $search } searches
notice-prefilled = prefilled from history #{ $id }: review, then Enter
notice-move-from-row = move { $eni } from history #{ $id }: choose where to


## Progress

notice-read-only = read-only: nothing was sent (start without --read-only to send)
notice-run-going = a run is still going: wait for it, or { $back } on Progress cancels it
notice-preflight-failed = preflight failed: fix it, or press { $override } then { $send } to send anyway
notice-resend-when-unknown = re-send is offered when the outcome is unknown
notice-resend-unsafe = not safe to re-send a move (no ClientToken): { $recheck } re-checks where the ENI is
notice-resending = re-sending with the same ClientToken { $token }
notice-recheck-after = the run is still going: re-check once it has ended
notice-unknown-token = unknown: { $resend } re-sends (same ClientToken: safe) · { $recheck } re-checks
notice-unknown-no-token = unknown: move has no ClientToken, no re-send · { $recheck } re-checks
notice-detach-after-attach = detach is offered once an attach has succeeded
notice-cancelling = cancelling…
notice-still-running = still running
notice-run-ended = the run has ended: nothing is in flight, { $quit } quits

## Workers

worker-no-credential = no credential: set TENCENTCLOUD_SECRET_ID/KEY, store a key in the keyring, or run tceni --demo
worker-no-key = no credential
worker-history-not-open = the history file is not open
