# The workflow's own reasons (src/attach): what the record, the screen, the text output and
# the history's message say of how an attempt ended, in the language of the run that wrote it.

run-cancelled-before-answer = cancelled before the answer
run-eni-unknown = the service does not know the ENI
run-not-confirmed = not confirmed; nothing was sent
run-cancelled-in-flight = cancelled while the request was in flight; it may have been carried out
run-cancelled-before-sending = cancelled before anything was sent
run-move-still-on-source = { $message }; the ENI is still { $place }: the move has not been carried out so far, but the request may still reach the service until its signature expires (5 minutes); `tceni history` settles it after that. Do not send it again before checking the ENI
run-refused-yet-placed = { $code } ({ $message }), yet the ENI is { $place }, where this { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } puts it: probably this request's earlier try, whose answer was lost, but no answer says so
run-task-still = the task still said { $status } after { $secs } s
run-task-unanswered = no poll of the task was answered in { $secs } s
run-stopped-waiting = stopped waiting for task { $request_id } ({ $last ->
    [none] no poll had been sent yet
    [unanswered] no poll was answered
   *[other] it last said { $last }
    }); it may still finish
run-success-elsewhere = the task said SUCCESS but the ENI is { $place }
run-task-failed = the task ended FAILED
run-task-failed-at = { $message }; the ENI is { $place }

## Reconciling open rows (the next start, or beside a run)

reconcile-same-request = carried out: the same request (ClientToken { $token }) was sent again as history #{ $id } and the service answered for it (RequestId { $request_id }, SUCCESS)
reconcile-never-recorded = the history never recorded sending this { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    }, but the ENI is { $place }, where it puts it: whether this request did it is unknown
reconcile-task-forgotten-known = the service no longer knows task { $request_id }; { $known }
reconcile-task-forgotten = the service no longer knows task { $request_id }; check the ENI
reconcile-move-not-carried-out = the ENI is still { $place }, and the request can no longer be carried out: the move was not carried out
reconcile-changing = the ENI is { $place }: a change is under way, and no answer says whether this { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } started it
reconcile-placed-token = the ENI is { $place }, where this { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } puts it, but no answer says this request did it; sending it again with ClientToken { $token } settles it (the service answers for the same request)
reconcile-placed = the ENI is { $place }, where this { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } puts it, but no answer says this request did it
reconcile-unchanged-token = the ENI is still { $place }: this { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } was not carried out as far as can be seen; sending it again with ClientToken { $token } is safe
reconcile-elsewhere = the ENI is { $place }, not where this { $kind ->
    [attach] attach
    [detach] detach
   *[move] move
    } puts it; it may still be carried out until its signature expires
reconcile-stale-pending = tceni stopped (killed or crashed) before it recorded sending anything: nothing was sent
witness-accepted = the account's audit trail shows the service accepted this request (RequestId { $request_id }), and the ENI is { $place }, where it puts it
witness-refused = the account's audit trail shows the service refused this request (RequestId { $request_id }: { $code }); the ENI is { $place }

## The account rules

rule-account-in-list = account { $account } is in allowed_accounts
rule-account-forbidden = the credential acts in account { $account } ({ $arn }), which is in forbidden_account_ids ({ $forbidden }): nothing was sent
rule-account-not-listed = the credential acts in account { $account } ({ $arn }), which is not in allowed_accounts ({ $allowed }): nothing was sent
rule-account-unknown = the credential's account is unknown (sts GetCallerIdentity: { $error }), and { $rules ->
    [both] allowed_accounts ({ $allowed }) and forbidden_account_ids ({ $forbidden })
    [allowed] allowed_accounts ({ $allowed })
   *[forbidden] forbidden_account_ids ({ $forbidden })
    } needs it: nothing was sent
