# The account's activity from its audit trail (CloudAudit): `tceni activity`, the confirm
# pane's warning, the History pane's account view.

activity-attach = attach { $eni } → { $instance }
activity-detach = detach { $eni } ← { $instance }
activity-move = move { $eni } { $from } → { $to }
activity-create = create { $eni }
activity-delete = delete { $eni }

activity-warn-attach = { $eni } attached to { $instance } by { $user } { $ago }
activity-warn-detach = { $eni } detached from { $instance } by { $user } { $ago }
activity-warn-move = { $eni } moved to { $to } by { $user } { $ago }
activity-warn-create = { $eni } created by { $user } { $ago }
activity-warn-delete = { $eni } deleted by { $user } { $ago }
activity-warn-failed = { $user } tried to { $what } { $ago }: { $code }

activity-ago-now = just now
activity-ago-minutes = { $n } min ago
activity-ago-hours = { $n } h ago
activity-ago-days = { $n } d ago

activity-user-root = root
activity-user-sub-user = sub-user
activity-user-role = role
activity-user-unknown = unknown

activity-late-note = CloudAudit lists a change minutes after it is made: the newest may not be shown yet.
activity-unavailable = activity unavailable: { $reason }
activity-reason-no-rights = this key has no CloudAudit rights (cloudaudit:LookUpEvents)
activity-reason-throttled = CloudAudit's quota of 20 requests a second was exceeded (RequestLimitExceeded)
activity-reason-failed = { $error }
activity-skipped = { $count ->
    [one] 1 event could not be read and was skipped
   *[other] { $count } events could not be read and were skipped
}
activity-cut-short = stopped after { $pages } pages: older changes are not shown
activity-none = no ENI changes in { $region } in the last { $window }
activity-this-machine = this machine
activity-col-time = TIME
activity-col-who = WHO
activity-col-what = WHAT
activity-col-result = RESULT
activity-col-request = REQUEST ID
activity-since-invalid = --since { $value } is not a duration like 30m, 2h or 1d
activity-since-too-long = --since { $value } reaches further back than one search of the audit trail can (at most 7d)
activity-no-region = no region: give --region (or set TENCENTCLOUD_REGION, tccli's region or config.toml's region)
activity-checking = activity: checking the audit trail…
activity-quiet = activity: no changes by others in the last { $window }
activity-title = Others' recent changes (the account's audit trail, CloudAudit)
key-account-view = account's changes / this machine
activity-account-title = History · the account's ENI changes in { $region }, last 24 h (CloudAudit)
activity-account-status = newest first · { $count ->
    [one] { $count } change
   *[other] { $count } changes
} · { $search } to search (user: eni: instance: code:) · Enter event · { $toggle } this machine
activity-account-title-short = Account's ENI changes · { $region }
activity-account-status-short = { $count ->
    [one] { $count } change
   *[other] { $count } changes
} · { $search } search · Enter event · { $toggle } this machine
activity-account-status-count = { $count ->
    [one] { $count } change
   *[other] { $count } changes
}
activity-account-loading = reading the account's audit trail…
activity-account-no-region = choose a region first: the audit trail is read per region
activity-event-title = Account event { $id }
activity-event-when = When
activity-event-who = Who
activity-event-principal = Principal
activity-event-key = SecretId
activity-event-source = Source IP
activity-event-what = What
activity-event-result = Result
activity-event-request = RequestId
activity-event-kind = Call
activity-copied = copied RequestId { $id }
