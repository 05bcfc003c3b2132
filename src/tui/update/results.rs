//! What the workers report back: listings, preflight verdicts, workflow progress, history pages.

use super::history;
use crate::attach::Failure;
use crate::history::HistoryQuery;
use crate::tr;
use crate::tui::model::resources::SlotLimit;
use crate::tui::model::{AccountState, Load, Model, Overlay};
use crate::tui::msg::{Effect, Msg};
use crate::tui::workers::{HistoryHandle, KeyStored};

pub fn on_result(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::EnisLoaded { region, result } if region == model.resources.region => {
            model.resources.enis = into_load(result);
            return super::picker::request_limits(model);
        }
        // Limits are asked only for the destinations a picker shows, not for every instance.
        Msg::InstancesLoaded { region, result } if region == model.resources.region => {
            model.resources.instances = into_load(result);
            return super::picker::request_limits(model);
        }
        Msg::LimitsLoaded { region, limits } if region == model.resources.region => {
            for (id, limit) in limits {
                let limit = limit.map_or(SlotLimit::Unknown, SlotLimit::Known);
                model.resources.limits.insert(id, limit);
            }
            // Rows settled and sorted: a row that came into view may still need its limit.
            return super::picker::request_limits(model);
        }
        Msg::PreflightDone { id, result } => {
            if let Some(confirm) = model.confirm_mut().filter(|c| c.preflight_id == id) {
                confirm.preflight = into_load(result);
                // Preflight asked sts too (the account rule): what it learnt belongs on screen.
                return ask_again_if_unknown(model);
            }
        }
        Msg::Workflow { run_id, event } => return super::progress::on_event(model, run_id, event),
        Msg::Located { run_id, result } => super::progress::on_located(model, run_id, result),
        // A key typed in the same instant as the verdicts arrived was typed before they showed.
        Msg::Drawn(shown) => {
            super::confirm::drawn(model, shown);
            super::progress::drawn(model, shown);
            super::help::drawn(model, shown);
            super::runbooks::drawn(model);
            super::history::drawn(model, shown);
        }
        Msg::ActivityChecked { id, at, result } => super::confirm::activity_checked(model, id, at, result),
        Msg::AccountActivity { generation, at, result } => {
            super::account::loaded(model, generation, at, result)
        }
        Msg::HistoryOpened(result) => return history_opened(model, result),
        Msg::HistoryPage { generation, append, result } if generation == model.history.generation => {
            on_page(model, append, result);
        }
        Msg::Reconciled(changed) if changed > 0 => {
            model.say(tr!("notice-reconciled", count = changed));
            return history::reload(model);
        }
        Msg::KeyStored(result) => return key_stored(model, result),
        Msg::RunbooksListed(result) => super::runbooks::listed(model, result),
        Msg::RunbookPlanned { id, result } => super::runbooks::planned(model, id, result),
        Msg::RunbookStarted { run_id, result } => return super::runbooks::started(model, run_id, result),
        Msg::RunbookProgress { run_id, progress } => {
            return super::runbooks::progress(model, run_id, progress);
        }
        Msg::RunbookFinished { run_id, code, finished } => {
            return super::runbooks::finished(model, run_id, code, finished);
        }
        Msg::AccountChecked { id, result, .. }
            if model.session.account == (AccountState::Checking { id }) =>
        {
            model.session.account = match result {
                Ok(account) => AccountState::Known(account),
                Err(reason) => AccountState::Unknown(reason),
            };
        }
        _ => {}
    }
    Vec::new()
}

/// The account was unknown (sts did not answer): a preflight or a send has asked since, so ask
/// again; the answer comes from what they learnt, or sts is asked anew.
pub fn ask_again_if_unknown(model: &mut Model) -> Vec<Effect> {
    match model.session.account {
        AccountState::Unknown(_) => vec![model.session.check_account()],
        _ => Vec::new(),
    }
}

fn into_load<T>(result: Result<T, Failure>) -> Load<T> {
    match result {
        Ok(value) => Load::Loaded(value),
        Err(e) => Load::Failed(e),
    }
}

fn history_opened(model: &mut Model, result: Result<HistoryHandle, String>) -> Vec<Effect> {
    match result {
        Ok(_) => {
            model.history.opened = Load::Loaded(());
            let mut effects = vec![Effect::Reconcile];
            effects.extend(history::reload(model));
            effects
        }
        Err(e) => {
            model.history.opened = Load::Failed(Failure::new("ClientError.History", e.clone()));
            model.history.error = Some(e);
            Vec::new()
        }
    }
}

fn on_page(model: &mut Model, append: bool, result: Result<Vec<crate::history::Row>, String>) {
    let history = &mut model.history;
    history.loading = false;
    match result {
        Ok(rows) => {
            history.exhausted = rows.len() < HistoryQuery::DEFAULT_LIMIT as usize;
            history.error = None;
            if append {
                history.rows.extend(rows);
            } else {
                history.rows = rows;
            }
            let len = history.rows.len();
            let height = history::list_height(model);
            model.history.list.follow(len, height);
        }
        Err(e) => history.error = Some(e),
    }
}

fn key_stored(model: &mut Model, result: Result<KeyStored, String>) -> Vec<Effect> {
    model.credentials.saving = false;
    match result {
        Ok(KeyStored { kept, .. }) => {
            model.session.credential = Some(kept.describe);
            model.credentials = Default::default();
            if model.overlay == Some(Overlay::Credentials) {
                model.overlay = None;
            }
            model.say(kept.notice);
            // A new key may act in another account: ask again, and say so until the answer.
            let mut effects = vec![model.session.check_account()];
            effects.extend(model.load_resources());
            effects.push(Effect::Reconcile);
            effects
        }
        Err(e) => {
            model.credentials.error = Some(e);
            Vec::new()
        }
    }
}
