//! `tceni credentials set|show|delete`: the OS keyring entry of a profile. The key is read from
//! a prompt without echo, or from stdin; never from the command line.

use super::context::Context;
use super::{GlobalArgs, exit};
use crate::credentials::{self, Credential, OsKeyring, ResolveInput};
use clap::{Args, Subcommand};
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
    Show,
    /// Remove the profile's key from the OS keyring.
    Delete,
}

pub fn run(global: &GlobalArgs, args: CredentialsArgs) -> color_eyre::Result<i32> {
    let ctx = Context::load(global)?;
    let env = |name: &str| std::env::var(name).ok();
    let (profile, explicit) = credentials::choose_profile(ctx.profile().as_deref(), &env);
    let keystore = OsKeyring::from_env();
    match args.action {
        CredentialsAction::Set { secret_id, with_token } => {
            let key = read_secret("SecretKey: ")?;
            let token = if with_token { Some(read_secret("Token: ")?.expose().to_string()) } else { None };
            let credential = Credential::new(secret_id, key.expose(), token);
            match credentials::store_reporting(&profile, &credential, &keystore) {
                Ok(persistence) => {
                    println!("{}", credentials::stored_message(&profile, &credential, persistence));
                    Ok(exit::OK)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(exit::NO_CREDENTIALS)
                }
            }
        }
        CredentialsAction::Show => {
            let home = dirs::home_dir();
            let input = ResolveInput {
                profile: &profile,
                profile_explicit: explicit,
                env: &env,
                home: home.as_deref(),
                keystore: &keystore,
            };
            match credentials::show(&input) {
                Ok(text) => {
                    println!("{text}");
                    Ok(exit::OK)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(exit::NO_CREDENTIALS)
                }
            }
        }
        CredentialsAction::Delete => match credentials::delete(&profile, &keystore) {
            Ok(true) => {
                println!("removed profile {profile} from the OS keyring");
                Ok(exit::OK)
            }
            Ok(false) => {
                println!("profile {profile} had no key in the OS keyring");
                Ok(exit::OK)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(exit::NO_CREDENTIALS)
            }
        },
    }
}

fn read_secret(prompt: &str) -> std::io::Result<credentials::Secret> {
    if std::io::stdin().is_terminal() {
        Ok(credentials::Secret::new(rpassword::prompt_password(prompt)?))
    } else {
        credentials::read_secret_line(&mut std::io::stdin().lock())
    }
}
