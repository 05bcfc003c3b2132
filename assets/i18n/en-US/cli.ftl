# The command line's text output (never its JSON, codes or exit codes).

cli-error = error: { $message }
cli-warning = warning: { $message }
cli-yes = yes
cli-no = no
cli-account-unknown = unknown ({ $reason })

## tceni regions

cli-regions-finance = finance

## tceni credentials

cli-credentials-prompt-key = SecretKey
cli-credentials-prompt-token = Token
cli-credentials-removed = removed profile { $profile } from the OS keyring
cli-credentials-none = profile { $profile } had no key in the OS keyring
cli-credentials-profile = profile: { $profile }
cli-credentials-source = source: { $source }
cli-credentials-token = session token: { $has }
cli-credentials-refreshed = temporary: refreshed before it expires
cli-credentials-account = account: { $account }

## tceni history

cli-history-empty = no history yet.
cli-history-started = STARTED (UTC)
cli-history-region = REGION
cli-history-action = ACTION
cli-history-eni = ENI
cli-history-instance = INSTANCE
cli-history-outcome = OUTCOME
cli-history-detail = REQUEST / ERROR
cli-history-unopened = warning: the history could not be opened ({ $reason }); this call will not be recorded
cli-needs-terminal = tceni: the terminal app needs a terminal; in scripts use `tceni attach …` (or detach, move) with --yes
cli-history-no-match = no attempt matches "{ $searched }" ({ $total } in the history).
cli-history-damaged = error: the history file is damaged (SQLite's integrity check fails), so a search can miss rows; copy it aside and run `sqlite3 FILE .recover` to save what it holds
cli-history-unreadable = history #{ $id } cannot be read as a record: { $reason }
cli-history-no-row = error: no history row #{ $id }
cli-history-resend-of = re-send of #{ $id } (same request)
cli-history-continued-by = sent again as { $ids } (same request)
cli-history-detail-head = history #{ $id }: { $outcome } · { $plan }
cli-history-detail-when = started { $started } UTC, ended { $ended }
cli-history-detail-task = task: { $status }
cli-history-detail-found = the ENI was found { $place }
cli-history-detail-not-found = the ENI was not described: { $reason }
cli-history-detail-preflight = preflight:
cli-history-detail-preflight-skipped = preflight: skipped (sent without preflight, on the operator's choice)

## tceni config

cli-config-setting = setting
cli-config-value = value
cli-config-from = from
cli-config-external-id = { $arn } (with an external ID)
cli-config-role-none = none: the credential acts as itself
cli-config-region-none = none: give --region
cli-config-ca-none = none: the system's CA store
cli-config-accounts-any = none: any account
cli-config-none = none
cli-config-file-read = read
cli-config-file-absent = absent
cli-config-data-dir-default = TCENI_DATA_DIR, XDG_DATA_HOME or the platform's
cli-config-cvm-role = CVM role (instance metadata)
cli-config-temporary = (temporary, fetched at run time)
cli-config-credential-none = none found: the CVM role (instance metadata) is asked at run time
cli-config-credential-missing = no credential for profile { $profile }: store one with `tceni credentials set` or run `tccli configure --profile { $profile }`
cli-config-ok = ok
cli-config-fail = FAIL
cli-config-no-region = none set: give --region, TENCENTCLOUD_REGION or region in config.toml
cli-config-not-checked = not checked: no region
cli-config-sts-ok = { $host }: account { $account } ({ $arn }), { $ms } ms
cli-config-answered = { $host }: { $action } answered in { $ms } ms
