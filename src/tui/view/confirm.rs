//! Confirm: exactly what will be sent, the preflight verdict per rule, and how to send.

use super::text::{block, field, fit, wrap_field, wrap_indented};
use crate::attach::preflight::{Report, Status};
use crate::plan::{Operation, Plan};
use crate::tui::keymap::{Action, Context};
use crate::tui::layout;
use crate::tui::model::{Checks, ConfirmPane, Load, Model};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

const LABEL: usize = 13;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(confirm) = &model.confirm else { return };
    let palette = model.theme.palette();
    let verb = confirm.plan.kind().verb();
    let title = if model.session.read_only {
        format!(" Review {verb} (read-only): nothing will be sent ")
    } else {
        format!(" Confirm {verb}: review what will be sent ")
    };
    // What the keys do now is the footer's line (see `prompt`): always visible, however many
    // rules fail.
    frame.render_widget(block(title, &palette, true), area);
    let inner = layout::inner(area);
    let width = inner.width.saturating_sub(1) as usize;
    // What will be sent is wrapped, never cut: the endpoint's port, the credential and the
    // account's ARN stay whole in a narrow window.
    let mut lines: Vec<Line<'static>> = request_lines(model, confirm, &palette)
        .into_iter()
        .flat_map(|l| wrap_field(l, LABEL, width))
        .collect();
    lines.push(Line::styled(" Preflight (checked now; checked again when sent)", palette.title));
    lines.extend(preflight_lines(model, &confirm.preflight, width, &palette));
    lines.extend(super::activity::confirm_lines(&confirm.activity, width, &palette));
    scrolled(lines, confirm.scroll, inner, frame);
}

/// Lines in `area` from `scroll` on (stopping at the last line), with a scrollbar when they
/// do not all fit: a small window still reaches every verdict and its advice.
pub fn scrolled(lines: Vec<Line<'static>>, scroll: u16, area: Rect, frame: &mut Frame) {
    let height = area.height as usize;
    let len = lines.len();
    let top = (scroll as usize).min(len.saturating_sub(height));
    frame.render_widget(Paragraph::new(lines).scroll((top as u16, 0)), area);
    if len > height {
        let mut state = ScrollbarState::new(len.saturating_sub(height)).position(top);
        let bar =
            Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(Some("↑")).end_symbol(Some("↓"));
        frame.render_stateful_widget(bar, area, &mut state);
    }
}

/// What `y` does, in the operator's words: `attach eni-… to ins-… in ap-guangzhou`.
pub fn what_send_does(plan: &Plan) -> String {
    let what = match &plan.operation {
        Operation::Attach { instance, .. } => format!("attach {} to {instance}", plan.eni),
        Operation::Detach { instance, .. } => format!("detach {} from {instance}", plan.eni),
        Operation::Move { from, to, .. } => format!("move {} from {from} to {to}", plan.eni),
    };
    format!("{what} in {}", plan.region)
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
    // Which account is about to change, or plainly that it is not known (yet).
    if let Some((text, style)) = super::text::account(&model.session.account, true, palette) {
        lines.push(field(" Account", LABEL, text, palette, style));
    }
    lines
}

fn preflight_lines(
    model: &Model,
    preflight: &Load<Report>,
    width: usize,
    palette: &Palette,
) -> Vec<Line<'static>> {
    match preflight {
        Load::Idle | Load::Loading => {
            vec![Line::styled(" … describing the ENI and the instance", palette.warn)]
        }
        Load::Failed(e) => {
            let unchecked = model.keymap.key_for(Action::SendWithoutPreflight, Context::Confirm);
            vec![
                Line::styled(
                    format!(" ✗ preflight could not run: {} ({})", e.explanation.title, e.code),
                    palette.bad,
                ),
                Line::styled("   nothing was checked, so nothing is known to pass or fail", palette.muted),
                Line::styled(format!("   {}", e.explanation.action), palette.muted),
                Line::styled(
                    format!(
                        "   {unchecked}: send without preflight (the service still checks; history records it)"
                    ),
                    palette.warn,
                ),
            ]
        }
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
    let reason_style = if v.status == Status::Fail { palette.bad } else { palette.muted };
    let mark = Span::styled(format!(" {mark} "), style);
    let mut lines = if unicode_width::UnicodeWidthStr::width(v.reason.as_str()) + 38 <= width {
        vec![Line::from(vec![
            mark,
            Span::styled(fit(v.rule.label(), 34), palette.base),
            Span::raw(" "),
            Span::styled(v.reason.clone(), reason_style),
        ])]
    } else {
        // Too narrow for the two side by side: the reason (what the verdict rests on) goes
        // whole under its rule rather than cut.
        let mut lines = vec![Line::from(vec![mark, Span::styled(v.rule.label(), palette.base)])];
        let reason = wrap_indented(&v.reason, "     ", width);
        lines.extend(reason.into_iter().map(|l| Line::styled(l, reason_style)));
        lines
    };
    if let Some(code) = v.code.filter(|_| v.status == Status::Fail) {
        // The account guard is tceni's own: no request carries it to the service.
        let says = match v.rule {
            crate::attach::preflight::Rule::AccountAllowed => "tceni refuses with",
            _ => "the service would answer",
        };
        lines.push(Line::styled(format!("   → {says} {code}"), palette.bad));
    }
    if let Some(advice) = v.advice.filter(|_| v.status == Status::Fail) {
        let text = format!("what to do: {advice}");
        lines.extend(wrap_indented(&text, "   ", width).into_iter().map(|l| Line::styled(l, palette.base)));
    }
    lines
}

/// The one line saying what the keys do now; also the footer's while the pane is open.
pub fn prompt(model: &Model, c: &ConfirmPane, palette: &Palette) -> Line<'static> {
    let key = |action| model.keymap.key_for(action, Context::Confirm);
    let back = format!("{}/Esc back", key(Action::Deny));
    let send = key(Action::Send);
    let does = what_send_does(&c.plan);
    if model.session.read_only {
        return Line::styled(format!(" READ-ONLY: nothing will be sent · {back}"), palette.badge_read_only);
    }
    let (text, style) = match c.checks() {
        // The send keys wait for the verdicts to have been on screen a moment: the prompt
        // names them only once they act.
        checks if checks != Checks::Running && !c.settled(model.confirm_dwell) => {
            (format!(" verdicts in: read them first · {back}"), palette.warn)
        }
        Checks::Running => (format!(" checking… keys wait for the verdicts · {back}"), palette.warn),
        Checks::Passed => (format!(" {send} {does} · {back}"), palette.title),
        Checks::NothingToDo => {
            (format!(" nothing to do · {send} records it, sends nothing · {back}"), palette.ok)
        }
        Checks::Failed if c.override_armed => {
            (format!(" OVERRIDE ARMED: {send} {does} despite failed checks · {back}"), palette.bad)
        }
        Checks::Failed => (
            format!(
                " ✗ checks failed: sending is blocked · {} then {send} to send anyway · {back}",
                key(Action::Override)
            ),
            palette.bad,
        ),
        Checks::AccountRefused => {
            (format!(" ✗ account not in allowed_accounts: nothing can be sent · {back}"), palette.bad)
        }
        Checks::CouldNotRun => (
            format!(
                " preflight could not run · {} send without preflight: {does} · {back}",
                key(Action::SendWithoutPreflight)
            ),
            palette.warn,
        ),
    };
    Line::styled(text, style)
}
