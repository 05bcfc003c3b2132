//! The loop: one channel of [`Msg`] in (keys, mouse, paste, resize, signals, worker results),
//! `update` for each, and one frame drawn per drained burst. The loop owns the [`Session`] the
//! effects act with. The event source is whatever feeds
//! the channel, so tests drive the same loop with made-up keys.

use super::Setup;
use super::model::Model;
use super::msg::{Effect, Msg};
use super::terminal::{self, TerminalGuard};
use super::update::update;
use super::view;
use super::workers::Workers;
use crossterm::event::{Event as TermEvent, EventStream, KeyCode, KeyEvent, KeyModifiers};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::time::MissedTickBehavior;

/// The runtime effects run on: it takes what messages bring for the session (a stored key, the
/// opened history), and starts each effect. The live one also writes the clipboard sequence.
pub trait EffectRunner {
    fn install(&mut self, msg: &Msg);
    fn run(&mut self, effect: Effect);
}

impl EffectRunner for Workers {
    fn install(&mut self, msg: &Msg) {
        Workers::install(self, msg);
    }

    fn run(&mut self, effect: Effect) {
        Workers::run(self, effect);
    }
}

/// Workers for everything, plus the terminal write for OSC 52 copies.
struct LiveRunner {
    workers: Workers,
}

impl EffectRunner for LiveRunner {
    fn install(&mut self, msg: &Msg) {
        self.workers.install(msg);
    }

    fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Copy(text) => {
                if let Err(e) = terminal::copy_to_clipboard(&mut io::stdout(), &text) {
                    tracing::warn!(error = %e, "could not write the clipboard sequence");
                }
            }
            other => self.workers.run(other),
        }
    }
}

/// Told after every frame: which frame and the pane shown. Tests measure latency with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub number: u64,
    pub focus: super::keymap::Focus,
    /// A run is live (the loop is ticking).
    pub ticking: bool,
}

/// Install what the message brings for the runtime's session, update with it and run what it
/// asks for; true when the app should stop.
pub fn apply(model: &mut Model, msg: Msg, runner: &mut dyn EffectRunner) -> bool {
    runner.install(&msg);
    let mut quit = false;
    for effect in update(model, msg) {
        match effect {
            Effect::Quit => quit = true,
            other => runner.run(other),
        }
    }
    quit
}

/// How often a live run's spinner and times move.
pub const TICK: Duration = Duration::from_millis(100);

/// The loop itself: draw, wait for a message, drain the burst, draw again. Never waits on
/// anything but the channel (and, while a run is live, the tick), so a hung endpoint cannot
/// freeze the keys.
pub async fn run_loop<B>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    rx: &mut UnboundedReceiver<Msg>,
    runner: &mut (dyn EffectRunner + Send),
    frames: Option<UnboundedSender<Frame>>,
) -> color_eyre::Result<()>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let mut number = 0;
    let mut clock = Clock::new();
    loop {
        let mut shown = Default::default();
        terminal.draw(|frame| shown = view::draw_measured(model, frame))?;
        // What is on screen now counts as seen (the confirm pane's verdicts, for one).
        apply(model, Msg::Drawn(shown), runner);
        number += 1;
        if let Some(frames) = &frames {
            let _ = frames.send(Frame { number, focus: model.focus(), ticking: model.ticking() });
        }
        clock.follow(model);
        let first = if clock.ticking {
            tokio::select! {
                msg = rx.recv() => msg,
                _ = clock.ticker.tick() => Some(Msg::Tick(clock.lap())),
            }
        } else {
            rx.recv().await
        };
        let Some(first) = first else { return Ok(()) };
        if apply(model, first, runner) {
            return Ok(());
        }
        while let Ok(msg) = rx.try_recv() {
            if apply(model, msg, runner) {
                return Ok(());
            }
        }
        clock.follow(model);
    }
}

/// The loop's ticks while the model wants them (a live run, the confirm pane's dwell).
struct Clock {
    ticker: tokio::time::Interval,
    last_tick: Instant,
    ticking: bool,
}

impl Clock {
    fn new() -> Clock {
        let mut ticker = tokio::time::interval(TICK);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Clock { ticker, last_tick: Instant::now(), ticking: false }
    }

    /// Tick when the model wants it; a clock that starts counts from now, not from a tick that
    /// fired long before.
    fn follow(&mut self, model: &Model) {
        let ticking = model.ticking();
        if ticking && !self.ticking {
            self.last_tick = Instant::now();
            self.ticker.reset();
        }
        self.ticking = ticking;
    }

    /// The measured time since the last tick, not the nominal 100 ms: a late tick does not
    /// slow the clock.
    fn lap(&mut self) -> Duration {
        let now = Instant::now();
        let elapsed = now - self.last_tick;
        self.last_tick = now;
        elapsed
    }
}

pub fn term_event_to_msg(event: TermEvent) -> Option<Msg> {
    match event {
        // An Enter typed before raw mode (the app still starting) arrives as a line feed, which
        // crossterm reads as Ctrl-J: it is the Enter the operator pressed, not a lost key.
        TermEvent::Key(key) if key.code == KeyCode::Char('j') && key.modifiers == KeyModifiers::CONTROL => {
            Some(Msg::Key(KeyEvent::new_with_kind(KeyCode::Enter, KeyModifiers::NONE, key.kind)))
        }
        TermEvent::Key(key) => Some(Msg::Key(key)),
        TermEvent::Paste(text) => Some(Msg::Paste(text)),
        TermEvent::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        TermEvent::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

/// Keys, mouse, paste and resize from the terminal, into the channel.
fn spawn_terminal_events(tx: UnboundedSender<Msg>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(event) = events.next().await {
            let Ok(event) = event else { break };
            if let Some(msg) = term_event_to_msg(event)
                && tx.send(msg).is_err()
            {
                break;
            }
        }
    })
}

/// SIGTERM, SIGHUP and SIGINT end the app through the same path as `q`.
fn spawn_signals(tx: UnboundedSender<Msg>) -> tokio::task::JoinHandle<()> {
    #[cfg(unix)]
    return tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) =
            (signal(SignalKind::terminate()), signal(SignalKind::hangup()), signal(SignalKind::interrupt()))
        else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
            _ = int.recv() => {}
        }
        let _ = tx.send(Msg::Terminate);
    });
    #[cfg(not(unix))]
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = tx.send(Msg::Terminate);
        }
    })
}

/// How long a quit waits for a cancelled run to record how it ended.
const RECORD_GRACE: Duration = Duration::from_secs(2);

/// Quit with a run live (the operator said "quit anyway"): its workflow was cancelled and is
/// recording how it ended ("may have been sent", with its ClientToken). Give it a moment, with
/// the terminal already restored, so the row does not stay "nothing sent yet".
async fn let_the_run_record(model: &Model, rx: &mut UnboundedReceiver<Msg>) {
    let Some(run_id) = model.progress.as_ref().filter(|p| p.running()).map(|p| p.run_id) else { return };
    let ended = async {
        while let Some(msg) = rx.recv().await {
            let ended = matches!(
                &msg,
                Msg::Workflow { run_id: id, event: crate::attach::Event::Changed(crate::attempt::Change::Ended { .. }) }
                    if *id == run_id
            );
            if ended {
                return;
            }
        }
    };
    if tokio::time::timeout(RECORD_GRACE, ended).await.is_err() {
        tracing::warn!(run_id, "quit before the cancelled run recorded its end");
    }
}

/// Set in the environment, the app panics right after its first frame (for the tests of the
/// panic path; documented in the README).
pub const FORCE_PANIC_VAR: &str = "TCENI_FORCE_PANIC";

/// The entry point: take over the terminal, run until quit, give the terminal back, and say how
/// it ended: the exit code, or that the operator asked for the demo from the credentials dialog.
pub async fn run(setup: Setup) -> color_eyre::Result<super::model::Exit> {
    let seed = uuid::Uuid::new_v4().simple().to_string();
    let (mut model, start) = Model::new(&setup, seed);
    let (tx, mut rx) = unbounded_channel();
    let mut runner = LiveRunner { workers: Workers::new(tx.clone(), &setup) };
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    model.size = (size.width, size.height);
    // Both end with this run: a second run in the same process (the demo opened from the
    // credentials dialog) must be the only reader of the terminal.
    let readers = [spawn_terminal_events(tx.clone()), spawn_signals(tx)];
    for effect in start {
        runner.run(effect);
    }
    if std::env::var_os(FORCE_PANIC_VAR).is_some() {
        // Lets a test prove that a panic restores the terminal and its report leaks nothing.
        guard.terminal.draw(|frame| view::draw(&model, frame))?;
        panic!("forced panic ({FORCE_PANIC_VAR} is set)");
    }
    let result = run_loop(&mut guard.terminal, &mut model, &mut rx, &mut runner, None).await;
    readers.iter().for_each(tokio::task::JoinHandle::abort);
    drop(guard);
    result?;
    let_the_run_record(&model, &mut rx).await;
    runner.workers.abort_all();
    let exit = model.exit.unwrap_or(super::model::Exit { code: 0, message: None, open_demo: false });
    if let Some(message) = &exit.message {
        eprintln!("{message}");
    }
    Ok(exit)
}
