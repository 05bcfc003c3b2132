//! Confirm: exactly what will be sent, the preflight verdict per rule, and how to send.

use super::text::{block, field, fit};
use crate::attach::preflight::{Report, Status};
use crate::plan::{Kind, Operation};
use crate::tui::keymap::{Action, Context};
use crate::tui::layout;
use crate::tui::model::{ConfirmPane, Load, Model};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: usize = 13;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(confirm) = &model.confirm else { return };
    let palette = model.theme.palette();
    let title = match confirm.plan.kind() {
        Kind::Attach => " Confirm: this request will be sent ",
        Kind::Detach => " Confirm detach: this request will be sent ",
        Kind::Move => " Confirm move: this request will be sent ",
    };
    // The prompt sits on the bottom border so it stays visible however many rules fail.
    let block = block(title, &palette, true).title_bottom(prompt(model, confirm, &palette));
    frame.render_widget(block, area);
    let width = layout::inner(area).width as usize;
    let mut lines = request_lines(model, confirm, &palette);
    lines.push(Line::styled(" Preflight (checked now; checked again when sent)", palette.title));
    lines.extend(preflight_lines(&confirm.preflight, width, &palette));
    frame.render_widget(Paragraph::new(lines), layout::inner(area));
}

fn request_lines(model: &Model, c: &ConfirmPane, palette: &Palette) -> Vec<Line<'static>> {
    let plan = &c.plan;
    let region_name =
        crate::catalog::region(&plan.region).map(|r| format!(" ({})", r.name)).unwrap_or_default();
    let attach_type = match plan.attach_type() {
        Some(t) => t.label().to_string(),
        None if plan.kind().has_attach_type() => "not sent (the service's default, standard)".into(),
        None => "not sent (detach has none)".into(),
    };
    let token = plan.client_token().map_or_else(
        || "none: this API has none, so a lost answer is settled by describing the ENI".into(),
        str::to_string,
    );
    let credential = model.session.credential.clone().unwrap_or_else(|| "none found".into());
    let mut lines = vec![
        field(
            " Action",
            LABEL,
            format!("{}  →  {}", plan.kind().action(), plan.endpoint),
            palette,
            palette.accent,
        ),
        field(" Region", LABEL, format!("{}{region_name}", plan.region), palette, palette.base),
        field(" ENI", LABEL, plan.eni.to_string(), palette, palette.accent),
    ];
    match &plan.operation {
        Operation::Move { from, to, .. } => {
            lines.push(field(" From", LABEL, from.to_string(), palette, palette.accent));
            lines.push(field(" To", LABEL, to.to_string(), palette, palette.accent));
        }
        Operation::Attach { instance, .. } | Operation::Detach { instance, .. } => {
            lines.push(field(" Instance", LABEL, instance.to_string(), palette, palette.accent));
        }
    }
    lines.push(field(" AttachType", LABEL, attach_type, palette, palette.base));
    lines.push(field(" ClientToken", LABEL, token, palette, palette.base));
    lines.push(field(" Credential", LABEL, credential, palette, palette.base));
    if let Some(account) = &model.session.account {
        lines.push(field(" Account", LABEL, account.to_string(), palette, palette.accent));
    }
    lines
}

fn preflight_lines(preflight: &Load<Report>, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    match preflight {
        Load::Idle | Load::Loading => {
            vec![Line::styled(" … describing the ENI and the instance", palette.warn)]
        }
        Load::Failed(e) => vec![
            Line::styled(format!(" ✗ could not check: {} ({})", e.explanation.title, e.code), palette.bad),
            Line::styled(format!("   {}", e.explanation.action), palette.muted),
        ],
        Load::Loaded(report) if report.verdicts.is_empty() => {
            vec![Line::styled(" no rules for this operation", palette.muted)]
        }
        Load::Loaded(report) => {
            report.verdicts.iter().flat_map(|v| verdict_lines(v, width, palette)).collect()
        }
    }
}

/// One line per rule; a failed rule gets a second line with the code the service would answer.
fn verdict_lines(
    v: &crate::attach::preflight::Verdict,
    width: usize,
    palette: &Palette,
) -> Vec<Line<'static>> {
    let (mark, style) = match v.status {
        Status::Pass => ("✓", palette.ok),
        Status::Fail => ("✗", palette.bad),
        Status::Warn => ("!", palette.warn),
        Status::Skipped => ("-", palette.muted),
        Status::Done => ("=", palette.ok),
    };
    let label = fit(v.rule.label(), 34);
    let rest = fit(&v.reason, width.saturating_sub(38));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {mark} "), style),
        Span::styled(label, palette.base),
        Span::raw(" "),
        Span::styled(rest, if v.status == Status::Fail { palette.bad } else { palette.muted }),
    ])];
    if let Some(code) = v.code.filter(|_| v.status == Status::Fail) {
        lines.push(Line::styled(format!("   → the service would answer {code}"), palette.bad));
    }
    lines
}

fn prompt(model: &Model, c: &ConfirmPane, palette: &Palette) -> Line<'static> {
    let key = |action| model.keymap.key_for(action, Context::Confirm);
    let (send, deny, arm) = (key(Action::Send), key(Action::Deny), key(Action::Override));
    if model.session.read_only {
        return Line::styled(
            format!(" READ-ONLY: nothing will be sent · {deny}/Esc back"),
            palette.badge_read_only,
        );
    }
    if crate::tui::update::confirm_blocked(c) && !c.override_armed {
        return Line::styled(
            format!(
                " ✗ checks failed: sending is blocked · {arm} then {send} to send anyway · {deny}/Esc back"
            ),
            palette.bad,
        );
    }
    if c.override_armed {
        return Line::styled(
            format!(" OVERRIDE ARMED: {send} sends despite failed checks · {deny}/Esc back"),
            palette.bad,
        );
    }
    Line::styled(format!(" {send}/Enter send · {deny}/Esc back"), palette.title)
}
