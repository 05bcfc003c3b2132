//! Confirm: exactly what will be sent, the preflight verdict per rule, and how to send.

use super::text::{block, field, fit, wrap_field, wrap_indented};
use crate::attach::preflight::{Report, Status};
use crate::plan::{Operation, Plan};
use crate::tr;
use crate::tui::keymap::{Action, Focus, Keymap};
use crate::tui::layout;
use crate::tui::model::{Checks, ConfirmPane, Load, Model};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

const LABEL: usize = 13;

/// Draws the pane; returns how far it can scroll at this size (0: it all fits).
pub fn draw(model: &Model, confirm: &ConfirmPane, frame: &mut Frame, area: Rect) -> u16 {
    let palette = model.theme.palette();
    let verb = confirm.plan.kind().verb();
    let title = if model.session.read_only {
        format!(" {} ", tr!("confirm-title-read-only", verb = verb))
    } else {
        format!(" {} ", tr!("confirm-title", verb = verb))
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
    lines.push(Line::styled(format!(" {}", tr!("confirm-preflight")), palette.title));
    lines.extend(preflight_lines(model, &confirm.preflight, width, &palette));
    lines.extend(super::activity::confirm_lines(&confirm.activity, width, &palette));
    scrolled(lines, confirm.scroll, inner, frame)
}

/// Lines in `area` from `scroll` on (stopping at the last line), with a scrollbar when they
/// do not all fit: a small window still reaches every verdict and its advice. Returns the
/// furthest the lines can scroll (0: they fit).
pub fn scrolled(lines: Vec<Line<'static>>, scroll: u16, area: Rect, frame: &mut Frame) -> u16 {
    let height = area.height as usize;
    let len = lines.len();
    let limit = len.saturating_sub(height);
    let top = (scroll as usize).min(limit);
    frame.render_widget(Paragraph::new(lines).scroll((top as u16, 0)), area);
    if len > height {
        let mut state = ScrollbarState::new(len.saturating_sub(height)).position(top);
        let bar =
            Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(Some("↑")).end_symbol(Some("↓"));
        frame.render_stateful_widget(bar, area, &mut state);
    }
    u16::try_from(limit).unwrap_or(u16::MAX)
}

/// What `y` does, in the operator's words: `attach eni-… to ins-… in ap-guangzhou`.
pub fn what_send_does(plan: &Plan) -> String {
    let (eni, region) = (plan.eni.to_string(), plan.region.to_string());
    match &plan.operation {
        Operation::Attach { instance, .. } => {
            tr!("confirm-does-attach", eni = eni, instance = instance.to_string(), region = region)
        }
        Operation::Detach { instance, .. } => {
            tr!("confirm-does-detach", eni = eni, instance = instance.to_string(), region = region)
        }
        Operation::Move { from, to, .. } => {
            tr!("confirm-does-move", eni = eni, from = from.to_string(), to = to.to_string(), region = region)
        }
    }
}

fn request_lines(model: &Model, c: &ConfirmPane, palette: &Palette) -> Vec<Line<'static>> {
    let plan = &c.plan;
    let region_name =
        crate::catalog::region(&plan.region).map(|r| format!(" ({})", r.local_name())).unwrap_or_default();
    let attach_type = match plan.attach_type() {
        Some(t) => t.label().to_string(),
        None if plan.kind().has_attach_type() => tr!("confirm-attach-type-default"),
        None => tr!("confirm-attach-type-none"),
    };
    let token = plan.client_token().map_or_else(|| tr!("confirm-no-token"), str::to_string);
    let credential = model.session.credential.clone().unwrap_or_else(|| tr!("header-no-credential"));
    let mut lines = vec![
        field(
            &format!(" {}", tr!("field-action")),
            LABEL,
            format!("{}  →  {}", plan.kind().action(), plan.endpoint),
            palette,
            palette.accent,
        ),
        field(
            &format!(" {}", tr!("field-region")),
            LABEL,
            format!("{}{region_name}", plan.region),
            palette,
            palette.base,
        ),
        field(&format!(" {}", tr!("field-eni")), LABEL, plan.eni.to_string(), palette, palette.accent),
    ];
    match &plan.operation {
        Operation::Move { from, to, .. } => {
            lines.push(field(
                &format!(" {}", tr!("field-from")),
                LABEL,
                from.to_string(),
                palette,
                palette.accent,
            ));
            lines.push(field(
                &format!(" {}", tr!("field-to")),
                LABEL,
                to.to_string(),
                palette,
                palette.accent,
            ));
        }
        Operation::Attach { instance, .. } | Operation::Detach { instance, .. } => {
            lines.push(field(
                &format!(" {}", tr!("field-instance")),
                LABEL,
                instance.to_string(),
                palette,
                palette.accent,
            ));
        }
    }
    lines.push(field(&format!(" {}", tr!("field-attach-type")), LABEL, attach_type, palette, palette.base));
    lines.push(field(&format!(" {}", tr!("field-client-token")), LABEL, token, palette, palette.base));
    lines.push(field(&format!(" {}", tr!("field-credential")), LABEL, credential, palette, palette.base));
    // Which account is about to change, or plainly that it is not known (yet).
    if let Some((text, style)) = super::text::account(&model.session.account, true, palette) {
        lines.push(field(&format!(" {}", tr!("field-account")), LABEL, text, palette, style));
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
            vec![Line::styled(format!(" … {}", tr!("confirm-describing")), palette.warn)]
        }
        Load::Failed(e) => {
            let unchecked = model.keymap.key_for(Action::SendWithoutPreflight, Focus::Confirm);
            // The service's own words, marked as its (in the language X-TC-Language asked for),
            // apart from tceni's explanation of the code.
            // A `ClientError.*` is tceni's own: only another code is the service's answer.
            let answered = !e.code.starts_with("ClientError") && !e.message.is_empty();
            let said = answered.then(|| {
                let message = crate::api::text::from_server(&e.message).to_string();
                Line::styled(format!("   {}", tr!("service-said", message = message)), palette.muted)
            });
            let mut lines = vec![
                Line::styled(
                    format!(
                        " ✗ {}",
                        tr!(
                            "confirm-preflight-failed",
                            title = e.explanation.title.as_str(),
                            code = e.code.as_str()
                        )
                    ),
                    palette.bad,
                ),
                Line::styled(format!("   {}", tr!("confirm-nothing-checked")), palette.muted),
                Line::styled(format!("   {}", e.explanation.action), palette.muted),
                Line::styled(format!("   {}", tr!("confirm-send-unchecked", key = unchecked)), palette.warn),
            ];
            lines.splice(1..1, said);
            lines
        }
        Load::Loaded(report) if report.verdicts.is_empty() => {
            vec![Line::styled(format!(" {}", tr!("confirm-no-rules")), palette.muted)]
        }
        Load::Loaded(report) => {
            report.verdicts.iter().flat_map(|v| verdict_lines(v, &model.keymap, width, palette)).collect()
        }
    }
}

/// One line per rule; a failed rule gets a second line with the code the service would answer.
fn verdict_lines(
    v: &crate::attach::preflight::Verdict,
    keymap: &Keymap,
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
            Span::styled(fit(&v.rule.label(), 34), palette.base),
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
    if let Some(code) = v.code.as_deref().filter(|_| v.status == Status::Fail) {
        // The account guard is tceni's own: no request carries it to the service.
        let says = match v.rule {
            crate::attach::preflight::Rule::AccountAllowed => tr!("confirm-tceni-refuses", code = code),
            _ => tr!("confirm-service-would", code = code),
        };
        lines.push(Line::styled(format!("   → {says}"), palette.bad));
        // What the code means, in the run's language: the explanation the service's own
        // message would come with.
        let explained = crate::catalog::explain(code);
        lines.extend(
            wrap_indented(&explained.meaning, "     ", width)
                .into_iter()
                .map(|l| Line::styled(l, palette.muted)),
        );
    }
    if let Some(advice) = v.advice.as_deref().filter(|_| v.status == Status::Fail) {
        let text = tr!("confirm-what-to-do", advice = advice);
        lines.extend(wrap_indented(&text, "   ", width).into_iter().map(|l| Line::styled(l, palette.base)));
    }
    if let Some(next) = v.next.filter(|_| v.status == Status::Fail) {
        // The advice names no key: the key is the live keymap's, so a rebound one is told.
        let action = Action::taking(next);
        let text = tr!(
            "confirm-next-step",
            back = keymap.key_for(Action::Back, Focus::Confirm),
            key = keymap.key_for(action, Focus::Form),
            does = action.help()
        );
        lines.extend(wrap_indented(&text, "   ", width).into_iter().map(|l| Line::styled(l, palette.base)));
    }
    lines
}

/// How much of the prompt there is room for: `Full` says in the operator's words what the send
/// key does (it repeats the plan above); `Short` names the same keys in fewer words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Full,
    Short,
}

/// The footer while the pane is open: the notice, if any, then what the keys do now, then the
/// scroll keys when the pane scrolls. The keys are always there: the longest layout that fits
/// the footer's `height` is chosen (full prompt and scroll keys, short prompt and scroll keys,
/// then the prompt alone); when even the short prompt leaves no room, the notice gives way,
/// its end marked.
pub fn footer(
    model: &Model,
    c: &ConfirmPane,
    scrolls: bool,
    notice: Vec<String>,
    width: usize,
    height: usize,
    palette: &Palette,
) -> Vec<Line<'static>> {
    let scroll = scrolls.then(|| scroll_keys(model, palette));
    let keys = |form: Form, scroll: Option<&Vec<Span<'static>>>| -> Vec<Line<'static>> {
        let (text, style) = prompt(model, c, form, palette);
        // Broken at spaces only: a key (`n/Esc`, `PgUp/PgDn`) stays whole.
        let options = super::text::wrap_options(width.saturating_sub(1).max(10))
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        let mut lines: Vec<Line<'static>> = textwrap::wrap(&text, options)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), style))
            .collect();
        if let Some(spans) = scroll {
            let room = spans.iter().map(|s| s.width()).sum::<usize>();
            match lines.last_mut() {
                Some(last) if last.width() + room <= width => last.spans.extend(spans.iter().cloned()),
                _ => lines.push(Line::from(spans.clone())),
            }
        }
        lines
    };
    let said = |notice: Vec<String>| notice.into_iter().map(|l| Line::styled(l, palette.warn));
    let layouts = [(Form::Full, true), (Form::Short, true), (Form::Full, false), (Form::Short, false)];
    for (form, with_scroll) in layouts {
        let keys = keys(form, scroll.as_ref().filter(|_| with_scroll));
        if notice.len() + keys.len() <= height {
            return said(notice).chain(keys).collect();
        }
    }
    let keys = keys(Form::Short, None);
    let room = height.saturating_sub(keys.len());
    said(super::text::truncate_marked(notice, room, width)).chain(keys).collect()
}

/// ` ↑/↓/PgUp/PgDn scroll`, in the live keymap's keys.
fn scroll_keys(model: &Model, palette: &Palette) -> Vec<Span<'static>> {
    let keys = [Action::Up, Action::Down, Action::PageUp, Action::PageDown]
        .map(|action| model.keymap.key_for(action, Focus::Confirm))
        .join("/");
    vec![
        Span::styled(format!("  {keys}"), palette.key),
        Span::styled(format!(" {}", tr!("confirm-scroll")), palette.muted),
    ]
}

/// What the keys do now, in `form`, and its style.
fn prompt(model: &Model, c: &ConfirmPane, form: Form, palette: &Palette) -> (String, ratatui::style::Style) {
    let key = |action| model.keymap.key_for(action, Focus::Confirm);
    let back = tr!("confirm-back", key = key(Action::Deny));
    let send = key(Action::Send);
    let does = what_send_does(&c.plan);
    let short = form == Form::Short;
    if model.session.read_only {
        return (tr!("confirm-read-only", back = back), palette.badge_read_only);
    }
    match c.checks() {
        // The send keys act only once the verdicts have been on screen a moment: the prompt
        // names them only once they act.
        checks if checks != Checks::Running && !c.settled(model.confirm_dwell) => {
            (tr!("confirm-dwell", back = back), palette.warn)
        }
        Checks::Running if short => (tr!("confirm-checking-short", back = back), palette.warn),
        Checks::Running => (tr!("confirm-checking", back = back), palette.warn),
        Checks::Passed if short => (tr!("confirm-send-short", send = send, back = back), palette.title),
        Checks::Passed => (tr!("confirm-send", send = send, does = does, back = back), palette.title),
        Checks::NothingToDo if short => {
            (tr!("confirm-nothing-to-do-short", send = send, back = back), palette.ok)
        }
        Checks::NothingToDo => (tr!("confirm-nothing-to-do", send = send, back = back), palette.ok),
        Checks::Failed if c.override_armed && short => {
            (tr!("confirm-override-armed-short", send = send, back = back), palette.bad)
        }
        Checks::Failed if c.override_armed => {
            (tr!("confirm-override-armed", send = send, does = does, back = back), palette.bad)
        }
        Checks::Failed if short => (
            tr!("confirm-blocked-short", override_key = key(Action::Override), send = send, back = back),
            palette.bad,
        ),
        Checks::Failed => (
            tr!("confirm-blocked", override_key = key(Action::Override), send = send, back = back),
            palette.bad,
        ),
        Checks::AccountRefused if short => (tr!("confirm-account-refused-short", back = back), palette.bad),
        Checks::AccountRefused => (tr!("confirm-account-refused", back = back), palette.bad),
        Checks::CouldNotRun if short => (
            tr!("confirm-could-not-run-short", key = key(Action::SendWithoutPreflight), back = back),
            palette.warn,
        ),
        Checks::CouldNotRun => (
            tr!("confirm-could-not-run", key = key(Action::SendWithoutPreflight), does = does, back = back),
            palette.warn,
        ),
    }
}
