# The command line's text output (never its JSON, codes or exit codes).

cli-error = error: { $message }
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
