# Errors tceni itself says (not the service's codes: those are in assets/errors.toml). Each is
# one line a person reads on the screen or in the text output; log lines carry them in English.

## Calls to the API

err-not-sent = could not reach { $endpoint }: { $reason }
err-no-answer = sent to { $endpoint } but no answer came back ({ $reason }); the outcome is unknown
err-http-status = HTTP { $status } from { $endpoint }: { $excerpt }
err-undecodable = the answer from { $endpoint } could not be read ({ $reason }): { $excerpt }
err-credentials = nothing sent to { $endpoint }: { $error }
err-endpoint-not-url = the endpoint is not a URL ({ $reason }); give scheme://host[:port]
err-endpoint-scheme = the endpoint must be http:// or https://, not { $scheme }://
err-endpoint-user-info = the endpoint must not carry a user name or password (requests are signed with the key)
err-endpoint-not-bare = the endpoint is scheme://host[:port] only: no path, query or fragment
err-ca-bundle = cannot read the CA bundle { $path }: { $reason }
err-proxy = the proxy { $proxy } cannot be used: { $reason }
err-http-client = the HTTP client cannot be built: { $reason }

## Files a person points tceni at

err-file-missing = no such file
err-file-not-regular = it is { $kind }, not a regular file: point it at a file
err-file-too-large = it is larger than { $cap } bytes, more than such a file ever holds: is it the right file?

## Settings

err-config-read = cannot read { $path }: { $reason }
err-config-parse = { $path } is not valid: line { $line }, column { $column }: { $message }; fix that line
err-config-tccli = { $file } is not valid: { $reason }
err-config-domain = { $what } { $value } is not a domain name (letters, digits, '-' and '.', e.g. intl.tencentcloudapi.com)
err-config-endpoint = { $what } is not a usable endpoint: { $problem }

## The history

err-history-dir = cannot create the history directory { $dir }
err-history-too-new = the history file was written by a newer tceni (schema { $found }; this build knows up to { $supported }); upgrade tceni, or move the file aside
err-history-no-row = no history row with id { $id }
err-history-bad-value = the history file holds a value this build cannot read
err-history-database = history database error: { $error }
err-history-migration = the history's schema could not be brought up to date: { $error }
err-history-read-only = the history file { $path } can be read but not written; nothing is recorded

## The OS keyring

err-keyring-unavailable = no OS keyring is available ({ $reason }), so nothing was stored. Put the key in TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, or in a tccli profile file (`tccli configure --profile <profile>` writes ~/.tccli/<profile>.credential), or start a Secret Service (gnome-keyring, KeePassXC) and run this again
err-keyring-corrupt = the keyring entry for profile { $profile } is unreadable ({ $reason }); run `tceni credentials delete --profile { $name }` and set it again
err-keyring-failed = the OS keyring failed: { $reason }

## Credentials

err-cred-not-found = no Tencent Cloud credentials found. Searched:
    { $searched }
    Set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or store a key with `tceni credentials set`, or run `tccli configure`.
err-cred-partial-env = { $present } is set but { $missing } is not: set both, or unset { $present } to use another source
err-cred-empty = the { $field } from { $origin } is empty
err-cred-whitespace = the { $field } from { $origin } contains whitespace (a stray space or newline from pasting?). tceni does not trim keys, as the SDKs do not: remove it at the source
err-cred-read = cannot read { $file }: { $error }
err-cred-malformed = { $file } is malformed: { $reason }
err-cred-profile = invalid profile name { $name }: use letters, digits, '-', '_' or '.', not starting with '.'
err-cred-login-expired = the tccli login for profile { $profile } expired at { $at }; refresh it with `{ $command }`
err-cred-needs-fetch = credentials from { $from } are fetched over the network (sts or the instance metadata service): resolve them with a CredentialProvider
err-cred-fetch = could not get credentials from { $from }: { $failure }
err-cred-expired-renew = it expired at { $at }; refresh it with `{ $command }`
err-cred-expired = the key it handed out had already expired (at { $at })
err-cred-timed-out = fetching the temporary credentials outlasted the call's time (--timeout)

## Where the credential chain looked (one line per source, under "Searched:")

searched-env = environment: { $id } and { $key } are not set
searched-tke = TKE OIDC: TKE_ROLE_ARN and the other TKE_* variables are not set
searched-no-entry = { $place }: no entry
searched-unavailable = { $place }: not available ({ $reason })
searched-no-file = { $file }: no such file
searched-type-unsupported = { $file }: type { $kind } is not supported (tceni reads key, default, role-arn, cvm-role, oauth and sso profiles)
searched-no-sdk-file = { $file } and { $system }: no such file
searched-no-section = { $file }: no [{ $profile }] section
searched-no-pair = { $file }: no { $id } / { $key }
searched-no-home = { $file }: skipped, home directory unknown
