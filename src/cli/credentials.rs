//! `tceni credentials set|show|delete`: the OS keyring entry of a profile. The key is read from
//! a prompt without echo, or from stdin; never from the command line.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::api::ApiError;
use crate::attach::account::Account;
use crate::credentials::{self, Credential, CredentialProvider, OsKeyring};
use crate::tr;
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::IsTerminal;

#[derive(Debug, Clone, Args)]
pub struct CredentialsArgs {
    #[command(subcommand)]
    pub action: CredentialsAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum CredentialsAction {
    /// Store a SecretId and SecretKey in the OS keyring (key read without echo, or from stdin).
    Set {
        /// The SecretId (not secret; the key is prompted for).
        #[arg(long)]
        secret_id: String,
        /// Also read a session token (next line of stdin, or a second prompt).
        #[arg(long)]
        with_token: bool,
    },
    /// Show which credential would be used, and from where (masked).
    Show {
        #[arg(long, value_enum, default_value_t)]
        output: OutputFormat,
    },
    /// Remove the profile's key from the OS keyring.
    Delete,
}

pub async fn run(global: &GlobalArgs, args: CredentialsArgs) -> color_eyre::Result<i32> {
    let ctx = Context::load(global)?;
    let env = |name: &str| std::env::var(name).ok();
    let (profile, _) = credentials::choose_profile(ctx.profile().as_deref(), &env);
    let keystore = OsKeyring::from_env();
    match args.action {
        CredentialsAction::Set { secret_id, with_token } => {
            let key = read_secret(&format!("{}: ", tr!("cli-credentials-prompt-key")))?;
            let token = match with_token {
                true => Some(
                    read_secret(&format!("{}: ", tr!("cli-credentials-prompt-token")))?.expose().to_string(),
                ),
                false => None,
            };
            let credential = Credential::new(secret_id, key.expose(), token);
            let stored = tokio::task::spawn_blocking(move || {
                let result = credentials::store_reporting(&profile, &credential, &keystore);
                result.map(|persistence| credentials::stored_message(&profile, &credential, persistence))
            });
            match stored.await? {
                Ok(message) => {
                    println!("{message}");
                    Ok(exit::OK)
                }
                Err(e) => {
                    eprintln!("{}", tr!("cli-error", message = e.to_string()));
                    Ok(exit::NO_CREDENTIALS)
                }
            }
        }
        CredentialsAction::Show { output } => match ctx.credentials().await {
            Ok(provider) => {
                let account = match ctx.client(&provider) {
                    Ok(client) => ctx.accounts().of(&client).await,
                    Err(e) => Err(crate::api::ApiError::NotSent {
                        endpoint: "(client)".into(),
                        reason: e.to_string(),
                    }),
                };
                print_show(&provider, &account, output);
                Ok(exit::OK)
            }
            Err(e) => {
                match output {
                    OutputFormat::Json => println!("{}", json!({ "error": e.to_string() })),
                    OutputFormat::Text => eprintln!("{e}"),
                }
                Ok(exit::NO_CREDENTIALS)
            }
        },
        CredentialsAction::Delete => match credentials::delete(&profile, &keystore) {
            Ok(true) => {
                println!("{}", tr!("cli-credentials-removed", profile = profile.as_str()));
                Ok(exit::OK)
            }
            Ok(false) => {
                println!("{}", tr!("cli-credentials-none", profile = profile.as_str()));
                Ok(exit::OK)
            }
            Err(e) => {
                eprintln!("{}", tr!("cli-error", message = e.to_string()));
                Ok(exit::NO_CREDENTIALS)
            }
        },
    }
}

/// The profile, the source with the masked SecretId, whether a token is present and whether it
/// is refreshed. Never the key or the token.
fn print_show(provider: &CredentialProvider, account: &Result<Account, ApiError>, output: OutputFormat) {
    let token = provider.peek().is_some_and(|c| c.token.is_some());
    match output {
        OutputFormat::Json => println!(
            "{}",
            json!({
                "profile": provider.profile(),
                "source": provider.source().to_string(),
                "secret_id": provider.masked_id(),
                "session_token": token,
                "refreshed": provider.refreshes(),
                "account": account_json(account),
                "account_error": account.as_ref().err().map(|e| e.to_string()),
            })
        ),
        OutputFormat::Text => {
            println!("{}", tr!("cli-credentials-profile", profile = provider.profile()));
            println!("{}", tr!("cli-credentials-source", source = provider.describe()));
            let has = if token { tr!("cli-yes") } else { tr!("cli-no") };
            println!("{}", tr!("cli-credentials-token", has = has));
            if provider.refreshes() {
                println!("{}", tr!("cli-credentials-refreshed"));
            }
            println!("{}", tr!("cli-credentials-account", account = account_text(account)));
        }
    }
}

/// `100000000001 (qcs::cam::uin/…)`, or `unknown (why)`: never a guess.
pub fn account_text(account: &Result<Account, ApiError>) -> String {
    match account {
        Ok(account) => account.to_string(),
        Err(e) => tr!("cli-account-unknown", reason = e.to_string()),
    }
}

/// `{"id", "arn"}`, or null when it could not be asked.
pub fn account_json(account: &Result<Account, ApiError>) -> serde_json::Value {
    match account {
        Ok(account) => json!({ "id": account.id, "arn": account.arn }),
        Err(_) => serde_json::Value::Null,
    }
}

fn read_secret(prompt: &str) -> std::io::Result<credentials::Secret> {
    if std::io::stdin().is_terminal() {
        Ok(credentials::Secret::new(rpassword::prompt_password(prompt)?))
    } else {
        credentials::read_secret_line(&mut std::io::stdin().lock())
    }
}
