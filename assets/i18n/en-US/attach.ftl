# `tceni attach | detach | move`: the text output of one operation (never its JSON).

attach-no-region = no region: pass --region (e.g. ap-guangzhou)
attach-credentials-timeout = getting the credentials outlasted --timeout; nothing was sent
attach-needs-terminal = refusing to send without a terminal to confirm on: add --yes
attach-credentials = credentials: { $credential }
attach-account = account: { $account }
attach-account-pending = account: not known yet (sts has not answered; no allowed_accounts rule needs it)
attach-lookup-failed = the lookup failed: { $reason }
attach-not-recorded-warning = warning: this attempt could not be fully recorded in the history ({ $reason }); it goes on
attach-started = { $summary } in { $region } ({ $endpoint })
attach-retrying = { $action }: try { $failed } answered { $code }; trying again in { $wait } s
attach-recorded = recorded as history #{ $id }
attach-preflight-checking = preflight: checking the ENI and the instance…
attach-preflight-skipped = preflight: skipped
attach-verdict = { $rule }: { $reason }
attach-sending = sending…
attach-sent = sent: RequestId { $request_id }
attach-polled = task { $status } ({ $after } s)
attach-verifying = verifying: describing the ENI…
attach-outcome = { $took ->
    [none] outcome: { $outcome }
   *[other] outcome: { $outcome } ({ $took } s)
    }
attach-not-recorded = history: NOT fully recorded ({ $reason }); the log has the RequestId and ClientToken
attach-task-ended = task: { $status }, ended by { $after } s
attach-task-output = task output: { $output }
attach-located = the ENI is now { $place }
attach-not-verified = not verified: the ENI could not be described ({ $reason })
attach-error = error: { $code } — { $message }
attach-request-id = {"  "}RequestId: { $request_id }
attach-meaning = {"  "}what it means: { $meaning }
attach-action = {"  "}what to do: { $action }
attach-next-move = {"  "}next: `tceni move --from <instance it is on> --to <instance>` takes it there in one call
attach-next-attach-type = {"  "}next: `--attach-type` chooses the other attach type
attach-retryable = {"  "}retrying can help: { $retryable ->
    [yes] yes
   *[no] no
    }
attach-clock = {"  "}clock: { $clock }
attach-confirm = About to send { $action } in { $region }:
attach-confirm-ask = Send? [y/N]{" "}
attach-field = { $label }:
attach-field-endpoint = endpoint
attach-field-eni = ENI
attach-field-instance = instance
attach-field-from = from
attach-field-to = to
attach-no-client-token = none (this API has none: a lost answer is never re-sent)
attach-dry-run = dry run: nothing is sent.
