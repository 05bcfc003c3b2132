//! The event loop never waits on the network: with an endpoint that accepts connections and
//! never answers, keys keep changing the model and each one is drawn within 50 ms.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};
use tceni::api::ClientConfig;
use tceni::credentials::{Credential, Resolved};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY};
use tceni::tui::app::{Frame, run_loop};
use tceni::tui::keymap::Context;
use tceni::tui::model::Model;
use tceni::tui::workers::Workers;
use tceni::tui::{Msg, Setup};
use tokio::net::TcpListener;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Accepts every connection and holds it open without a byte of answer.
async fn black_hole() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

async fn next_frame(frames: &mut UnboundedReceiver<Frame>) -> Frame {
    tokio::time::timeout(Duration::from_secs(5), frames.recv()).await.expect("a frame").expect("loop alive")
}

/// The next frame that shows `context` (each frame arrives within `next_frame`'s limit).
async fn frame_showing(frames: &mut UnboundedReceiver<Frame>, context: Context) {
    while next_frame(frames).await.context != context {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_stay_responsive_while_the_endpoint_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup {
        client_config: ClientConfig {
            endpoint_override: Some(black_hole().await),
            ..ClientConfig::default()
        },
        credential: Some(Resolved::sandbox_demo(Credential::sandbox_demo(DEMO_SECRET_ID, DEMO_SECRET_KEY))),
        history_path: dir.path().join("history.sqlite3"),
        region: Some("ap-guangzhou".into()),
        eni: Some("eni-free0001".into()),
        instance: Some("ins-web00001".into()),
        ..Setup::default()
    };
    let (mut model, start) = Model::new(&setup, "0000");
    model.size = (100, 30);
    let (tx, mut rx) = unbounded_channel();
    let mut workers = Workers::new(tx.clone(), &setup);
    for effect in start {
        workers.run(effect); // the ENI and instance listings now hang
    }
    let (frames_tx, mut frames) = unbounded_channel();
    let looping = tokio::spawn(async move {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        run_loop(&mut terminal, &mut model, &mut rx, &mut workers, Some(frames_tx)).await.unwrap();
        model
    });
    frame_showing(&mut frames, Context::Form).await;

    // Confirm (its preflight hangs, so `y` is discarded: nothing is sent unchecked), then back.
    // A worker message (the history opening, say) may be drawn before a key's frame: wait for
    // the key's.
    tx.send(key(KeyCode::Enter)).unwrap();
    frame_showing(&mut frames, Context::Confirm).await;
    tx.send(key(KeyCode::Char('y'))).unwrap();
    tx.send(key(KeyCode::Esc)).unwrap();
    frame_showing(&mut frames, Context::Form).await;

    // Everything in flight is stuck; every key still lands within 50 ms.
    let cycle = [Context::History, Context::Region, Context::Form];
    let mut slowest = Duration::ZERO;
    for round in 0..3 {
        for expected in cycle {
            let pressed = Instant::now();
            tx.send(key(KeyCode::Tab)).unwrap();
            let mut frame = next_frame(&mut frames).await;
            // A worker message (e.g. a history page) may be drawn first; wait for the key's frame.
            while frame.context != expected {
                frame = next_frame(&mut frames).await;
            }
            let took = pressed.elapsed();
            slowest = slowest.max(took);
            assert!(took < Duration::from_millis(50), "round {round}: {expected:?} took {took:?}");
        }
    }
    eprintln!("slowest key → frame: {slowest:?}");

    tx.send(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))).unwrap();
    let model = tokio::time::timeout(Duration::from_secs(5), looping).await.expect("the loop ends").unwrap();
    assert_eq!(model.exit.map(|e| e.code), Some(0));
}
