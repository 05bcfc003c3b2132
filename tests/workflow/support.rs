use std::sync::Arc;
use std::time::Duration;
use tceni::api::{Client, ClientConfig, RetryPolicy};
use tceni::attach::{Event, Options, PollPolicy, Workflow};
use tceni::credentials::Credential;
use tceni::history::{Caller, History};
use tceni::history::{HistoryQuery, Row, Store};
use tceni::plan::{Kind, Plan, PlanInput};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};
use tokio_util::sync::CancellationToken;

pub const REGION: &str = "ap-guangzhou";
pub const GOOD_ENI: &str = "eni-free0001";
pub const GOOD_INSTANCE: &str = "ins-web00001";

pub struct Rig {
    pub sandbox: Sandbox,
    pub workflow: Workflow,
    pub store_path: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

pub fn fast_config(url: &str) -> ClientConfig {
    ClientConfig {
        endpoint_override: Some(url.to_string()),
        request_timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(1),
        retry: RetryPolicy {
            max_tries: 3,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
        },
        ..ClientConfig::default()
    }
}

pub fn demo_client(url: &str) -> Client {
    Client::new(Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None), fast_config(url)).unwrap()
}

pub async fn rig() -> Rig {
    rig_with(SandboxConfig { task_delay: Duration::from_millis(150), ..SandboxConfig::default() }).await
}

pub async fn rig_with(config: SandboxConfig) -> Rig {
    let sandbox = Sandbox::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("history.sqlite3");
    let history = History::new(Store::open(&store_path).unwrap());
    let workflow = Workflow {
        client: Arc::new(demo_client(&sandbox.url())),
        history: Some(history),
        caller: Caller {
            profile: "default".into(),
            secret_id_masked: "…0000".into(),
            account_id: None,
            ..Default::default()
        },
        accounts: Default::default(),
    };
    Rig { sandbox, workflow, store_path, _dir: dir }
}

pub fn attach(eni: &str, instance: &str) -> PlanInput {
    PlanInput::new(Kind::Attach, REGION, eni, instance)
}

pub fn detach(eni: &str, instance: &str) -> PlanInput {
    PlanInput::new(Kind::Detach, REGION, eni, instance)
}

/// The incident move of the sandbox's ap-shanghai world.
pub const MOVE_REGION: &str = "ap-shanghai";

pub fn move_eni(eni: &str, from: &str, to: &str) -> PlanInput {
    PlanInput::move_between(MOVE_REGION, eni, from, to)
}

pub fn options() -> Options {
    Options {
        preflight: true,
        wait: true,
        poll: PollPolicy {
            first_delay: Duration::from_millis(50),
            interval: Duration::from_millis(50),
            max_delay: Duration::from_millis(200),
            deadline: Duration::from_secs(5),
            ..PollPolicy::default()
        },
        override_preflight: false,
        confirm: None,
        retry_of: None,
        runbook: None,
        known_limit: None,
    }
}

impl Rig {
    /// The plan for `input`, as the CLI and the TUI build it.
    pub fn plan(&self, input: &PlanInput) -> Plan {
        Plan::new(input, &self.workflow.client.endpoint_rule()).expect("a valid test input")
    }

    pub async fn run(&self, input: PlanInput, options: Options) -> (tceni::attempt::Attempt, Vec<Event>) {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let plan = self.plan(&input);
        let finish = self.workflow.run(plan, options, tx, CancellationToken::new()).await;
        let mut events = Vec::new();
        while let Ok(e) = rx.try_recv() {
            events.push(e);
        }
        (finish, events)
    }

    pub fn row(&self, id: i64) -> Row {
        Store::open(&self.store_path).unwrap().get(id).unwrap().expect("the attempt has a history row")
    }

    /// Row `id` as an older or killed build left it: `set` is the SQL that says how (a state the
    /// record itself never writes, such as Sending with a guess in the error columns).
    pub fn left_as(&self, id: i64, set: &str) {
        let raw = rusqlite::Connection::open(&self.store_path).unwrap();
        raw.execute(&format!("UPDATE attempts SET {set} WHERE id = ?1"), [id]).unwrap();
    }

    pub fn rows(&self) -> Vec<Row> {
        Store::open(&self.store_path).unwrap().page(&HistoryQuery::default()).unwrap()
    }

    pub fn attach_calls(&self) -> usize {
        self.calls("AttachNetworkInterface")
    }

    /// Requests of `action` that reached the sandbox, whatever it answered.
    pub fn calls(&self, action: &str) -> usize {
        self.sandbox.request_count(action) as usize
    }

    /// Where the sandbox says the ENI is attached (or attaching).
    pub fn attached_to(&self, eni: &str) -> Option<String> {
        self.sandbox.state().eni(eni).and_then(|e| e.instance.clone())
    }
}
