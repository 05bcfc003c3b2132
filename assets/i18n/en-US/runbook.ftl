# Runbooks: `tceni runbook plan|apply` and the terminal app's Runbooks pane.

## The plan's verdicts (CLI table and TUI)

runbook-verdict-run = will run
runbook-verdict-done-world = already done: nothing to send
runbook-verdict-done-later = already done: the ENI is where step { $step } leaves it
runbook-verdict-done-history = already done by this run (history #{ $attempt })
runbook-verdict-blocked = BLOCKED: { $rule }: { $reason }
runbook-verdict-blocked-alone = BLOCKED (passes alone): { $rule }: { $reason }
runbook-verdict-blocked-after = BLOCKED after step { $step }: { $rule }: { $reason }
runbook-verdict-blocked-after-alone = BLOCKED after step { $step } (passes alone): { $rule }: { $reason }
runbook-advice-reorder = step { $later } makes room for it: put step { $step } after step { $later }
runbook-advice-conflict = step { $step } leaves the world so: change or remove one of the two steps
runbook-advice-fix = fix the runbook or the world, then plan again

## Reading, planning, resuming

runbook-outline-invalid = not valid TOML: { $message }
runbook-describing = runbook "{ $name }" ({ $file }): { $steps } steps; describing what they name…
runbook-described = described { $enis } ENIs and { $instances } instances, each once
runbook-describe-failed = could not describe the runbook's ENIs and instances: { $error }; nothing was sent
runbook-settle-failed = could not settle the earlier run's steps: { $error }; nothing was sent
runbook-nothing-sent = nothing was sent.
runbook-plan-all-run = every step would run ({ $send } to send, { $done } already done)
runbook-plan-some-blocked = { $blocked } of { $total } steps blocked:
runbook-plan-blocked-step = step { $step }: { $rule }
runbook-plan-what-to-do = what to do: { $advice }
runbook-resuming = resuming run { $run } (started { $started }, did not reach its end): its steps were settled first
runbook-not-resent-elsewhere = an earlier try of this move (history #{ $attempt }) may have been delivered and the ENI is { $place }: it is not sent again; check the ENI, then move it by hand
runbook-not-resent-gone = an earlier try of this move (history #{ $attempt }) may have been delivered and the service no longer knows the ENI: it is not sent again
runbook-not-carried-out = the process was stopped while sending; the ENI stayed { $place }: the move was not carried out
runbook-lock-held = another apply of this runbook is running (lock { $path }); wait for it, or apply again once it ends
runbook-lock-failed = cannot take the apply lock { $path }: { $error }

## Applying (CLI)

runbook-needs-yes = refusing to apply without a terminal to confirm on: add --yes
runbook-not-confirmed = not confirmed; nothing was sent
runbook-confirm = Apply { $steps } steps of "{ $name }" with the credential { $credential }? [y/N]
runbook-run-started = run { $run }: `tceni history --search runbook:{ $run }` lists its attempts
runbook-run-not-recorded = warning: the runbook run could not be recorded ({ $error }); its steps are still recorded
runbook-warning = warning: { $message }
runbook-step-sent = step { $step }: sent, RequestId { $request_id }
runbook-step-line = step { $step }: { $text }
runbook-step-not-recorded = warning: step { $step } could not be fully recorded in the history ({ $reason }); it goes on
runbook-step-retrying = step { $step }: { $action } try { $try_number } answered { $code }; trying again in { $seconds } s
runbook-end-took = { $outcome } ({ $seconds } s)
runbook-end-located = : the ENI is { $place }
runbook-end-reason = : { $code } — { $message }
runbook-end-skipped = not run: step { $step } did not complete
runbook-end-stopped = not run: a step failed and --stop-on-failure stops the rest
runbook-end-cancelled = not run: cancelled
runbook-end-not-resent = not sent: { $reason }
runbook-summary = { $done } of { $total } steps done (run { $run })
runbook-run-not-ended = the run did not reach its end: apply the same file again to resume it
runbook-undo-written = undo runbook: { $path }
runbook-undo-not-written = could not write the undo runbook { $path }: { $error }

## The terminal app's Runbooks pane

tab-runbooks = Runbooks
context-runbooks = Runbooks
context-runbook-vars = Runbook variables
key-pane-runbooks = go to Runbooks
col-runbook-file = File
col-runbook-steps = Steps
col-runbook-vars = Variables
col-runbook-step = Step
col-runbook-verdict = Verdict
col-runbook-time = Time
col-runbook-placement = ENI found
runbook-dir-unreadable = cannot read the runbook directory { $dir }: { $error }
runbook-list-reading = reading the runbooks…
runbook-list-empty = no runbooks in { $dir }: put a .toml there (example: assets/runbook-example.toml), or start with --runbook FILE
runbook-list-status = runbooks in { $dir }: { $count } · Enter opens one
runbook-cannot-open = this runbook cannot be opened: { $problem }
runbook-vars-head = variables of { $file } (defaults from its [vars])
runbook-vars-hint = ↑/↓ moves · { $key } on the last one plans the runbook whole (nothing is sent)
runbook-var-missing = the variable { $name } is empty: give it a value
runbook-planning = describing what the steps name and checking them whole (nothing is sent)…
runbook-failed-head = this runbook cannot be planned:
runbook-failed-hint = { $back } back · { $again } plan again
runbook-plan-resumes = an earlier run ({ $run }) did not reach its end: this apply resumes it
runbook-plan-runnable = every step would run ({ $send } to send, { $done } already done) · { $key } runs them
runbook-plan-blocked = { $blocked } of { $total } steps blocked: nothing can run; fix the runbook or the world, then plan again
runbook-step-verdict = step { $step }: { $verdict }
runbook-step-advice = what to do: { $advice }
runbook-step-detail = step { $step }: { $detail }
runbook-read-only = read-only: nothing was sent (start without --read-only to run a runbook)
runbook-blocked-no-run = steps are blocked: nothing runs until the plan passes
runbook-run-live = run { $run }: { $done } of { $total } done · { $running } running · { $clock }
runbook-run-cancelling = run { $run }: cancelling: no new step starts; { $running } in flight end as they may
runbook-run-over = run { $run } is over: { $done } of { $total } done (exit { $code })
runbook-ask-quit = steps are in flight: quit anyway? y quits (their outcome stays unknown: apply the runbook again to settle them) · any other key goes on
runbook-ask-cancel = cancel the run? y starts no new step (steps in flight end as they may) · any other key goes on
runbook-cancelling = cancelling: no new step starts…
runbook-still-running = still running
runbook-ended-nothing-in-flight = the run has ended: nothing is in flight, { $key } quits
runbook-state-waiting = waiting
runbook-state-checking = checking
runbook-state-sending = sending
runbook-state-task = task running
runbook-state-verifying = verifying
runbook-state-verified = ✓ verified
runbook-state-succeeded = succeeded, not verified
runbook-state-already = = already done
runbook-state-unknown = ? unknown
runbook-state-mismatch = ✗ MISMATCH
runbook-state-refused = ✗ refused
runbook-state-not-sent = not sent
runbook-state-failed = ✗ FAILED
runbook-state-not-run = not run
runbook-found-nowhere = on no instance
