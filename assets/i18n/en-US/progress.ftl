# The progress pane: each step of a run as the attempt record says it, and how it ended.

progress-title-idle = Nothing has run yet.
progress-more-below = { $count } more below · { $down }/{ $page_down }
progress-end = end · { $up }/{ $page_up } back up
progress-secs = { $secs } s

## The quit / cancel question while a request is in flight

progress-quit-keys = { $state ->
    [accepted] the request was accepted, its task still runs
   *[other] a request is in flight
    }: y quits anyway (exit 4) · { $force } quits now · any other key stays
progress-cancel-keys = { $state ->
    [accepted] the request was accepted, its task still runs
   *[other] a request is in flight
    }: y stops waiting for it · { $force } quits · any other key stays
progress-ask-quit = { $state ->
    [accepted] The request was accepted
   *[other] A request is in flight
    }: quit anyway?
progress-ask-cancel = { $state ->
    [accepted] The request was accepted
   *[other] A request is in flight
    }: stop following it?
progress-row-accepted = RequestId { $request_id }: its task is still being followed. The history row stays "accepted": the next start asks the service how the task ended.
progress-row-token = No answer yet. The history row stays "may have been sent" with its ClientToken { $token }: the next start settles it, and a re-send with that token is safe.
progress-row-no-token = No answer yet. The history row stays "may have been sent": the next start settles it by describing the ENI (a move has no ClientToken, so never re-send it blindly).
progress-yes-quit = quit (exit 4: outcome unknown)
progress-yes-cancel = stop waiting (it may still be carried out)
progress-any-other-key = any other key
progress-stay = stay
progress-again-quits = { $force } again quits at once
progress-force-quits = { $force } quits
progress-question-quit = Quit?
progress-question-cancel = Cancel?

## What was asked

progress-label-request = Request
progress-label-history = History
progress-request = { $summary }  in { $region }
progress-history-id = { $retry ->
    [0] history #{ $history }
   *[other] history #{ $history } (re-sends #{ $retry })
    }
progress-not-recorded = not fully recorded: { $reason } (the log has the RequestId and ClientToken)

## The steps

progress-cancelling-mark = cancelling…
progress-retry = { $call }try { $failed } failed ({ $code }), try { $next } { $wait ->
    [now] going now
   *[other] in { $wait }
    }
progress-pf-waiting = preflight
progress-pf-not-run = preflight: not run
progress-pf-skipped = preflight: skipped on the operator's choice
progress-pf-checking = preflight: describing the ENI and the instance(s)
progress-pf-cancelled = preflight: stopped, cancelled
progress-pf-could-not-run = preflight: could not run
progress-pf-already = preflight: already done, nothing to send
progress-pf-passed = preflight: passed ({ $checks ->
    [one] 1 check
   *[other] { $checks } checks
    }{ $warnings ->
    [0] {""}
    [one] , 1 warning
   *[other] , { $warnings } warnings
    })
progress-pf-failing = preflight: { $failed } of { $total ->
    [one] 1 check
   *[other] { $total } checks
    } failed
progress-pf-failed = preflight: { $failed } of { $total ->
    [one] 1 check
   *[other] { $total } checks
    } failed, nothing sent
progress-pf-overridden = preflight: { $failed } of { $total ->
    [one] 1 check
   *[other] { $total } checks
    } failed, sent anyway

progress-send-waiting = send
progress-send-cancelled = send: cancelled before sending
progress-send-nothing = send: nothing was sent
progress-send-in-flight = sending { $action }: waiting for the answer
progress-send-no-answer = send: no answer, it may have been carried out
progress-send-accepted = sent · RequestId { $request_id }
progress-send-refused = send: refused by the service, not carried out
progress-send-refused-id = send: refused by the service, not carried out · RequestId { $request_id }
progress-send-not-delivered = send: it did not reach the service, nothing was done
progress-send-maybe = send: no settled answer ({ $code }), it may have been carried out

progress-task-not-followed = task: not followed (accepted, not waited for)
progress-task-waiting = task
progress-task-none-not-sent = task: none, nothing was sent
progress-task-none-refused = task: none, the call was refused
progress-task-none-known = task: none known (no RequestId came back); the ENI says how it went
progress-task-first-poll = task: waiting for the first poll
progress-task-polled = task { $status } (poll { $asked })
progress-task-no-answer-yet = task: no answer yet ({ $asked ->
    [one] 1 poll asked
   *[other] { $asked } polls asked
    })
progress-task-still = task still { $status } when tceni stopped waiting
progress-task-stopped-before-poll = task: stopped before the first poll
progress-task-unanswered = task: no poll was answered ({ $asked } asked)
progress-task-ended = task { $status }
progress-task-ended-after = task { $status } · ended { $after } after the start

progress-verify-waiting = verify where the ENI is
progress-verify-not-run = verify: not run
progress-verify-describing = describing the ENI to see where it is
progress-verify-stopped = verify: stopped before the answer
progress-verify-failed = verify: the ENI could not be described ({ $reason })
progress-verify-already = the ENI is already { $place }
progress-verify-verified = verified: the ENI is { $place }
progress-verify-verified-above = verified: the ENI is where the plan puts it
progress-verify-mismatch = the ENI is { $place }, not where the plan puts it
progress-verify-described = described: the ENI is { $place }

progress-recheck-loading = re-checking where the ENI is
progress-recheck-failed = re-check failed: { $code } ({ $title })
progress-recheck-gone = re-checked: the ENI does not exist
progress-recheck-done = re-checked: the ENI is { $place }: the { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } was carried out
progress-recheck-not-done = re-checked: the ENI is { $place }: the { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } was not carried out
progress-recheck-elsewhere = re-checked: the ENI is { $place }: neither where the plan puts it nor where it was

## How it ended

progress-working = working · { $time } · { $back } cancel
progress-cancelling = cancelling · { $time }: the workflow stops at its next step
progress-success-verified = { $took ->
    [none] ✓ SUCCESS, verified
   *[other] ✓ SUCCESS in { $took }, verified
    }
progress-success-place = the ENI is { $place }
progress-success-unverified = { $took ->
    [none] ✓ SUCCESS (the task said so) · not verified: the ENI could not be described
   *[other] ✓ SUCCESS in { $took } (the task said so) · not verified: the ENI could not be described
    }
progress-after-attach = { $detach } detach (undo) · { $copy } copy { $what ->
    [request] RequestId
   *[eni] ENI ID
    } · { $back } back to the form
progress-already-done = = ALREADY DONE: nothing was sent
progress-ended = { $took ->
    [none] { $outcome }
   *[other] { $outcome } in { $took }
    }
progress-failed = ✗ { $headline }: { $code } — { $title }

progress-headline-unknown = OUTCOME UNKNOWN
progress-headline-cancelled = CANCELLED
progress-headline-preflight = NOT SENT: preflight failed
progress-headline-not-sent = NOT SENT
progress-headline-mismatch = MISMATCH
progress-headline-failed = FAILED

progress-label-check-said = check said
progress-label-service-said = service said
progress-label-reason = reason
progress-label-meaning = it means
progress-label-action = what to do
progress-label-next = next
progress-next-step = { $form } to the form, then { $key } { $does }
progress-label-retry = retry
progress-label-clock = clock

progress-move-unknown-meaning = the request may have reached the service; the move may or may not have been carried out
progress-move-unknown-action = describe the ENI: on { $to }, it was done; on { $from } and settled, it was not, and can be sent again; anywhere else, find out why before acting
progress-retry-same-token = { $resend } re-sends the same plan with ClientToken { $token }: safe, the service carries it out at most once; { $recheck } re-checks where the ENI is
progress-retry-no-token = not safe to re-send (this API has no ClientToken); { $recheck } re-checks where the ENI is
progress-retry-cancelled = nothing was carried out; send it again from the form
progress-retry-can-help = retrying can help: send it again from the form
progress-retry-no-help = retrying will not help until the cause is fixed

## Where an ENI is, and what a plan does (also in the command line's output)

located-on = { $state ->
    [settled] on { $instance } (device { $device }, MAC { $mac }, IP { $ip })
   *[other] on { $instance } (device { $device }, MAC { $mac }, IP { $ip }), state { $state }
    }
located-nowhere = { $state ->
    [settled] attached to no instance
   *[other] attached to no instance, state { $state }
    }
plan-summary-attach = attach { $eni } → { $instance }
plan-summary-detach = detach { $eni } from { $instance }
plan-summary-move = move { $eni } from { $from } → { $to }
