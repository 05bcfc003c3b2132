//! The credentials dialog: no key was found, so store one in the OS keyring or go to the demo.

use super::{edit_text, quit};
use crate::credentials::Secret;
use crate::tr;
use crate::tui::keymap::Action;
use crate::tui::model::{CredentialField, Model};
use crate::tui::msg::Effect;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn on_key(model: &mut Model, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let dialog = &mut model.credentials;
    match action {
        Some(Action::NextPane | Action::PrevPane | Action::Up | Action::Down) => {
            dialog.focus = other(dialog.focus)
        }
        Some(Action::Select) if dialog.focus == CredentialField::SecretId => {
            dialog.focus = CredentialField::SecretKey
        }
        Some(Action::Select) => return save(model),
        Some(Action::Back) => {
            model.overlay = None;
            model.say(tr!("notice-no-credential"));
        }
        Some(Action::Demo) => {
            model.exit = Some(crate::tui::model::Exit { code: 0, message: None, open_demo: true });
            return quit(model);
        }
        _ => match dialog.focus {
            CredentialField::SecretId => {
                edit_text(&mut dialog.secret_id, &key);
            }
            CredentialField::SecretKey => edit_secret(&mut dialog.secret_key, &key),
        },
    }
    Vec::new()
}

fn other(field: CredentialField) -> CredentialField {
    match field {
        CredentialField::SecretId => CredentialField::SecretKey,
        CredentialField::SecretKey => CredentialField::SecretId,
    }
}

/// The key is edited at its end only: no cursor to move within text nobody can see.
fn edit_secret(secret: &mut Secret, key: &KeyEvent) {
    let mut text = secret.expose().to_string();
    match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
            text.push(c)
        }
        KeyCode::Backspace => {
            text.pop();
        }
        _ => return,
    }
    *secret = Secret::new(text);
}

pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let dialog = &mut model.credentials;
    let clean: String = text.trim().chars().filter(|c| !c.is_control()).collect();
    match dialog.focus {
        CredentialField::SecretId => dialog.secret_id.paste(&clean),
        CredentialField::SecretKey => {
            dialog.secret_key = Secret::new(format!("{}{clean}", dialog.secret_key.expose()))
        }
    }
    Vec::new()
}

fn save(model: &mut Model) -> Vec<Effect> {
    let dialog = &mut model.credentials;
    let secret_id = dialog.secret_id.text.trim().to_string();
    if secret_id.is_empty() || dialog.secret_key.expose().is_empty() {
        dialog.error = Some(tr!("notice-key-pair-needed"));
        return Vec::new();
    }
    dialog.saving = true;
    dialog.error = None;
    vec![Effect::StoreKey {
        profile: model.session.profile.clone(),
        secret_id,
        secret_key: dialog.secret_key.clone(),
    }]
}
