//! Every sentence about account activity, from the catalogs (`assets/i18n/*/activity.ftl`).

use super::{Change, Operation, Unavailable};
use crate::api::cloudaudit::UserType;
use crate::tr;
use chrono::{DateTime, Utc};

/// What a change did, in a few words: `move eni-… ins-a → ins-b`.
pub fn describe(change: &Change) -> String {
    let eni = change.eni.as_str();
    let first = change.instances.first().map(String::as_str).unwrap_or("?");
    let last = change.target_instance().unwrap_or("?");
    match change.operation {
        Operation::Attach => tr!("activity-attach", eni = eni, instance = last),
        Operation::Detach => tr!("activity-detach", eni = eni, instance = last),
        Operation::Move => tr!("activity-move", eni = eni, from = first, to = last),
        Operation::Create => tr!("activity-create", eni = eni),
        Operation::Delete => tr!("activity-delete", eni = eni),
    }
}

/// The confirm pane's line for another's change: `eni-… moved to ins-… by alice 4 min ago`.
pub fn warning(change: &Change, now: DateTime<Utc>) -> String {
    let (eni, user, when) = (change.eni.as_str(), change.user(), ago(change.time(), now));
    let instance = change.target_instance().unwrap_or("?");
    if !change.succeeded() {
        let what = describe(change);
        return tr!(
            "activity-warn-failed",
            user = user,
            what = what,
            ago = when,
            code = change.result().code()
        );
    }
    match change.operation {
        Operation::Attach => {
            tr!("activity-warn-attach", eni = eni, instance = instance, user = user, ago = when)
        }
        Operation::Detach => {
            tr!("activity-warn-detach", eni = eni, instance = instance, user = user, ago = when)
        }
        Operation::Move => tr!("activity-warn-move", eni = eni, to = instance, user = user, ago = when),
        Operation::Create => tr!("activity-warn-create", eni = eni, user = user, ago = when),
        Operation::Delete => tr!("activity-warn-delete", eni = eni, user = user, ago = when),
    }
}

/// `just now`, `4 min ago`, `3 h ago`, `2 d ago`.
pub fn ago(time: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - time).num_seconds().max(0);
    match secs {
        0..60 => tr!("activity-ago-now"),
        60..3600 => tr!("activity-ago-minutes", n = secs / 60),
        3600..86_400 => tr!("activity-ago-hours", n = secs / 3600),
        _ => tr!("activity-ago-days", n = secs / 86_400),
    }
}

pub fn user_type_label(kind: UserType) -> String {
    match kind {
        UserType::Root => tr!("activity-user-root"),
        UserType::SubUser => tr!("activity-user-sub-user"),
        UserType::Role => tr!("activity-user-role"),
        UserType::Unknown => tr!("activity-user-unknown"),
    }
}

/// `activity unavailable: <reason>`.
pub fn unavailable(why: &Unavailable) -> String {
    let reason = match why {
        Unavailable::NoRights(_) => tr!("activity-reason-no-rights"),
        Unavailable::Throttled(_) => tr!("activity-reason-throttled"),
        Unavailable::Failed(error) => tr!("activity-reason-failed", error = error.to_string()),
    };
    tr!("activity-unavailable", reason = reason)
}
