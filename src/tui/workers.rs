//! Effects run here, as tokio tasks, and report back as [`Msg`] on the one channel the loop
//! reads. Nothing here touches the model; nothing in `update` waits for anything here. What an
//! effect acts with (client, caller, history) comes from the loop's [`Handles`] when it starts.

use super::model::resources::SlotLimit;
use super::model::runbooks::RunbookEntry;
use super::model::{Load, Resources};
use super::msg::{Effect, KeyKept, Msg, PreflightMode};
use crate::api::{Client, ClientConfig};
use crate::attach::Failure;
use crate::attach::account::Accounts;
use crate::attach::reconcile::reconcile;
use crate::attach::{self, Options, PollPolicy, Workflow};
use crate::credentials::{self, Credential, OsKeyring, Resolved};
use crate::history::{Caller, History, HistoryQuery, Store};
use crate::plan::Plan;
use crate::tr;
use futures::StreamExt;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio_util::sync::CancellationToken;

/// How many ENI-limit lookups run at once (the action allows 20 per second).
const LIMIT_CONCURRENCY: usize = 4;

/// Who calls: the API client (with its credential) and the caller the history row names.
#[derive(Clone)]
pub struct Signer {
    pub client: Arc<Client>,
    pub caller: Caller,
}

impl Signer {
    /// The client for a resolved credential, asking `provider` (where it came from) before each
    /// call so a temporary key is refreshed; the one place the TUI builds a client.
    pub fn new(
        resolved: &Resolved,
        provider: Option<Arc<credentials::CredentialProvider>>,
        config: &ClientConfig,
    ) -> Result<Signer, String> {
        let provider =
            provider.unwrap_or_else(|| Arc::new(credentials::CredentialProvider::fixed(resolved.clone())));
        let client = Client::with_provider(provider, config.clone()).map_err(|e| e.to_string())?;
        let caller = Caller {
            profile: resolved.profile.clone(),
            secret_id_masked: resolved.credential.masked_id(),
            account_id: None,
            account_arn: None,
            credential: resolved.describe(),
        };
        Ok(Signer { client: Arc::new(client), caller })
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("caller", &self.caller).finish_non_exhaustive()
    }
}

/// The opened history store, as a message carries it to the loop.
#[derive(Clone)]
pub struct HistoryHandle(pub History);

impl std::fmt::Debug for HistoryHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HistoryHandle")
    }
}

/// A key stored from the credentials dialog: what the header and the notice say, and the
/// credential that calls from now on (the runtime builds its client: no message carries one).
#[derive(Debug, Clone)]
pub struct KeyStored {
    pub kept: KeyKept,
    pub resolved: Resolved,
}

/// What effects act with, owned by the one runtime ([`Workers`]): a stored key or an opened
/// history file arrives in a message and is installed here, and each effect gets a clone of
/// what it needs when it starts. Nothing is shared behind a lock, so a run keeps the client it
/// started with.
#[derive(Clone, Default)]
pub struct Handles {
    pub signer: Option<Signer>,
    pub history: Option<History>,
}

impl Handles {
    /// The handles a start-up credential gives (a broken one is logged: the dialog can fix it).
    pub fn from_setup(setup: &super::Setup) -> Handles {
        let signer = setup.credential.as_ref().and_then(|resolved| {
            Signer::new(resolved, setup.provider.clone(), &setup.client_config)
                .map_err(|e| tracing::warn!(error = %e, "could not build the API client"))
                .ok()
        });
        Handles { signer, history: None }
    }

    /// Take what a worker's message brings for the handles. The account is not copied here:
    /// it is held once, by the runtime's `Accounts`, and a run takes it from there.
    pub fn install(&mut self, msg: &Msg, config: &ClientConfig) {
        match msg {
            Msg::KeyStored(Ok(stored)) => match Signer::new(&stored.resolved, None, config) {
                Ok(signer) => self.signer = Some(signer),
                Err(e) => tracing::warn!(error = %e, "could not build the API client for the stored key"),
            },
            Msg::HistoryOpened(Ok(handle)) => self.history = Some(handle.0.clone()),
            _ => {}
        }
    }

    fn client(&self) -> Option<Arc<Client>> {
        self.signer.as_ref().map(|s| s.client.clone())
    }
}

/// The terminal app's one runtime: it owns the [`Handles`] (the signer, the history), the
/// account cache and the handles of the tasks it started, which it aborts when the app ends.
pub struct Workers {
    tx: UnboundedSender<Msg>,
    handles: Handles,
    /// Every task started for an effect; finished ones are dropped as new ones start.
    tasks: std::cell::RefCell<Vec<tokio::task::AbortHandle>>,
    config: ClientConfig,
    /// `allowed_accounts` and the account each key acts in, learnt once per key.
    accounts: Accounts,
    history_path: PathBuf,
    /// Undo runbooks and apply locks go here.
    data_dir: PathBuf,
    runbook_dir: PathBuf,
    poll: PollPolicy,
}

fn no_credential() -> Failure {
    Failure::new("AuthFailure.SecretIdNotFound", tr!("worker-no-credential"))
}

impl Workers {
    pub fn new(tx: UnboundedSender<Msg>, setup: &super::Setup) -> Self {
        Workers {
            tx,
            handles: Handles::from_setup(setup),
            tasks: Default::default(),
            config: setup.client_config.clone(),
            accounts: Accounts::new(setup.allowed_accounts.clone())
                .forbidding(setup.forbidden_accounts.clone()),
            history_path: setup.history_path.clone(),
            data_dir: setup.data_dir.clone(),
            runbook_dir: setup.runbook_dir.clone(),
            poll: setup.poll.clone(),
        }
    }

    /// Take what a message brings for the handles (see [`Handles::install`]).
    pub fn install(&mut self, msg: &Msg) {
        self.handles.install(msg, &self.config);
    }

    /// The handles effects act with now.
    pub fn handles(&self) -> &Handles {
        &self.handles
    }

    /// Stop every task still running (the app is ending; a cancelled run has had its moment to
    /// record how it ended).
    pub fn abort_all(&self) {
        for task in self.tasks.borrow().iter() {
            task.abort();
        }
    }

    /// How many of the tasks it started are still running.
    pub fn running(&self) -> usize {
        self.tasks.borrow().iter().filter(|t| !t.is_finished()).count()
    }

    /// Start `job` as a task this runtime keeps the handle of.
    fn spawn(&self, job: impl Future<Output = ()> + Send + 'static) {
        let mut tasks = self.tasks.borrow_mut();
        tasks.retain(|t| !t.is_finished());
        tasks.push(tokio::spawn(job).abort_handle());
    }

    /// Start an effect with what it needs from the handles; returns at once. `Copy` and `Quit`
    /// belong to the loop, not here.
    pub fn run(&mut self, effect: Effect) {
        let handles = self.handles.clone();
        let handles = &handles;
        match effect {
            Effect::LoadEnis { region } => self.load_enis(handles, region),
            Effect::LoadInstances { region } => self.load_instances(handles, region),
            Effect::LoadLimits { region, instances } => self.load_limits(handles, region, instances),
            Effect::Preflight { id, plan } => self.preflight(handles, id, plan),
            Effect::CheckActivity { id, plan, window } => self.check_activity(handles, id, plan, window),
            Effect::LoadAccountActivity { generation, region } => {
                self.load_account_activity(handles, generation, region)
            }
            Effect::RunWorkflow { run_id, plan, preflight, cancel, retry_of } => {
                self.run_workflow(handles, run_id, plan, preflight, cancel, retry_of)
            }
            Effect::Cancel(token) => token.cancel(),
            Effect::Locate { run_id, plan } => self.locate(handles, run_id, plan),
            Effect::OpenHistory => self.open_history(),
            Effect::LoadHistory { generation, query, append } => {
                self.load_history(handles, generation, query, append)
            }
            Effect::Reconcile => self.reconcile(handles),
            Effect::CheckAccount { id } => self.check_account(handles, id),
            Effect::StoreKey { profile, secret_id, secret_key } => {
                self.store_key(profile, Credential::new(secret_id, secret_key.expose(), None))
            }
            Effect::ListRunbooks { also } => self.list_runbooks(also),
            Effect::PlanRunbook { id, path, vars } => self.plan_runbook(handles, id, path, vars),
            Effect::RunRunbook { run_id, planned, cancel } => {
                self.run_runbook(handles, run_id, *planned, cancel)
            }
            Effect::Copy(_) | Effect::Quit => {}
        }
    }

    /// Spawn `job` with the handles's client, or report `no_credential` through `fail`.
    fn with_client<F, Fut>(&self, handles: &Handles, fail: impl FnOnce(Failure) -> Msg, job: F)
    where
        F: FnOnce(Arc<Client>) -> Fut + Send + 'static,
        Fut: Future<Output = Msg> + Send + 'static,
    {
        let tx = self.tx.clone();
        match handles.client() {
            Some(client) => self.spawn(async move {
                let _ = tx.send(job(client).await);
            }),
            None => {
                let _ = tx.send(fail(no_credential()));
            }
        }
    }

    fn load_enis(&self, handles: &Handles, region: String) {
        let r = region.clone();
        self.with_client(
            handles,
            |e| Msg::EnisLoaded { region: r, result: Err(e) },
            move |client| async move {
                let result = client.describe_network_interfaces(&region, &[], &[]).await;
                Msg::EnisLoaded { region, result: result.map_err(|e| Failure::from_api(&e)) }
            },
        );
    }

    fn load_instances(&self, handles: &Handles, region: String) {
        let r = region.clone();
        self.with_client(
            handles,
            |e| Msg::InstancesLoaded { region: r, result: Err(e) },
            move |client| async move {
                let result = client.describe_instances(&region, &[], &[]).await;
                Msg::InstancesLoaded { region, result: result.map_err(|e| Failure::from_api(&e)) }
            },
        );
    }

    fn load_limits(&self, handles: &Handles, region: String, instances: Vec<String>) {
        let r = region.clone();
        self.with_client(
            handles,
            |_| Msg::LimitsLoaded { region: r, limits: BTreeMap::new() },
            move |client| async move {
                let limits = eni_limits(&client, &region, instances).await;
                Msg::LimitsLoaded { region, limits }
            },
        );
    }

    /// The confirm pane's verdicts (`attach::review`: the account guard, then the rules).
    fn preflight(&self, handles: &Handles, id: u64, plan: Plan) {
        let accounts = self.accounts.clone();
        self.with_client(
            handles,
            move |e| Msg::PreflightDone { id, result: Err(e) },
            move |client| async move {
                let result =
                    attach::review(&client, &accounts, &plan).await.map_err(|e| Failure::from_api(&e));
                Msg::PreflightDone { id, result }
            },
        );
    }

    /// Others' recent changes to the plan's ENI and instances, from the audit trail; beside
    /// preflight, never before it.
    fn check_activity(&self, handles: &Handles, id: u64, plan: Plan, window: std::time::Duration) {
        let scope = crate::activity::Scope {
            region: plan.region.clone(),
            enis: vec![plan.eni.to_string()],
            instances: std::iter::once(plan.instance())
                .chain(plan.move_destination())
                .map(|i| i.to_string())
                .collect(),
            user: None,
            since: window,
        };
        self.look_up_activity(handles, scope, move |at, result| Msg::ActivityChecked { id, at, result });
    }

    /// The region's ENI changes of the last day, this machine's marked.
    fn load_account_activity(&self, handles: &Handles, generation: u64, region: String) {
        let scope = crate::activity::Scope {
            region,
            enis: Vec::new(),
            instances: Vec::new(),
            user: None,
            since: crate::activity::DEFAULT_SINCE,
        };
        self.look_up_activity(handles, scope, move |at, result| Msg::AccountActivity {
            generation,
            at,
            result,
        });
    }

    /// Read the audit trail for `scope` and report with `done` (at once when there is no key).
    fn look_up_activity(
        &self,
        handles: &Handles,
        scope: crate::activity::Scope,
        done: impl FnOnce(
            chrono::DateTime<chrono::Utc>,
            Result<crate::activity::Report, crate::activity::Unavailable>,
        ) -> Msg
        + Send
        + 'static,
    ) {
        let tx = self.tx.clone();
        let Some(client) = handles.client() else {
            let missing =
                crate::api::ApiError::NotSent { endpoint: "cloudaudit".into(), reason: tr!("worker-no-key") };
            let _ = tx.send(done(chrono::Utc::now(), Err(crate::activity::Unavailable::Failed(missing))));
            return;
        };
        let history = handles.history.clone();
        self.spawn(async move {
            let result =
                crate::activity::look_up(&client, history.as_ref(), &scope, chrono::Utc::now()).await;
            let _ = tx.send(done(chrono::Utc::now(), result));
        });
    }

    /// Which account the handles's key acts in; the app opened without waiting for it.
    fn check_account(&self, handles: &Handles, id: u64) {
        let Some(signer) = handles.signer.clone() else {
            let _ = self.tx.send(Msg::AccountChecked {
                id,
                secret_id_masked: String::new(),
                result: Err(tr!("worker-no-key")),
            });
            return;
        };
        let (tx, accounts) = (self.tx.clone(), self.accounts.clone());
        self.spawn(async move {
            let result = accounts.of(&signer.client).await.map_err(|e| short_reason(&e));
            let secret_id_masked = signer.caller.secret_id_masked;
            let _ = tx.send(Msg::AccountChecked { id, secret_id_masked, result });
        });
    }

    fn run_workflow(
        &self,
        handles: &Handles,
        run_id: u64,
        plan: Plan,
        preflight: PreflightMode,
        cancel: CancellationToken,
        retry_of: Option<i64>,
    ) {
        let Some(signer) = handles.signer.clone() else {
            // Nothing can be sent: the run ends before it starts, told as any run is.
            let no_key = no_credential();
            let ended = crate::attempt::Change::Ended {
                outcome: crate::attempt::Outcome::NotSent,
                reason: Some(crate::attempt::Reason::new(
                    crate::attempt::Code::parse(&no_key.code),
                    no_key.message,
                )),
                at: chrono::Utc::now().timestamp_millis(),
                duration_ms: Some(0),
            };
            let _ = self.tx.send(Msg::Workflow { run_id, event: attach::Event::Changed(ended) });
            return;
        };
        // The row names the account once sts has said which (a run started before the answer
        // takes it from the guard's cache when the lookup has finished meanwhile).
        let mut caller = signer.caller;
        if caller.account_id.is_none() {
            caller.account_id = self.accounts.known(&signer.client.secret_id()).map(|a| a.id);
        }
        let accounts = self.accounts.clone();
        let workflow = Workflow { client: signer.client, history: handles.history.clone(), caller, accounts };
        // Preflight runs again inside the workflow: the confirm pane's verdicts may be seconds
        // old, and the workflow records the verdicts it acted on in the history row.
        let options = Options {
            known_limit: None,
            preflight: matches!(preflight, PreflightMode::Check | PreflightMode::Override),
            wait: true,
            poll: self.poll.clone(),
            override_preflight: preflight == PreflightMode::Override,
            confirm: None,
            retry_of,
            runbook: None,
        };
        let tx = self.tx.clone();
        self.spawn(async move {
            let (events_tx, mut events_rx) = unbounded_channel();
            let forward = tokio::spawn(async move {
                while let Some(event) = events_rx.recv().await {
                    let _ = tx.send(Msg::Workflow { run_id, event });
                }
            });
            workflow.run(plan, options, events_tx, cancel).await;
            let _ = forward.await;
        });
    }

    /// The config directory's runbooks (`*.toml`, by name), then `also`, each with its outline.
    fn list_runbooks(&self, also: Option<PathBuf>) {
        let (tx, dir) = (self.tx.clone(), self.runbook_dir.clone());
        self.spawn(async move {
            let listed = tokio::task::spawn_blocking(move || runbook_entries(&dir, also)).await;
            let result = listed.unwrap_or_else(|e| Err(e.to_string()));
            let _ = tx.send(Msg::RunbooksListed(result));
        });
    }

    /// `runbook plan` for the pane: the file read with its variables, an unfinished earlier run
    /// of it settled, the world described once, every step judged. The apply lock is held
    /// meanwhile, so a `runbook apply` of the same runbook elsewhere is not raced.
    fn plan_runbook(&self, handles: &Handles, id: u64, path: PathBuf, vars: crate::runbook::Vars) {
        let (history, data_dir, poll) = (handles.history.clone(), self.data_dir.clone(), self.poll.clone());
        let endpoints = crate::api::EndpointRule::from_config(&self.config);
        let bound = self.config.request_timeout;
        self.with_client(
            handles,
            move |e| Msg::RunbookPlanned { id, result: Err(vec![e.message]) },
            move |client| async move {
                let result = async {
                    let runbook = crate::runbook::Runbook::load(&path, &vars, &endpoints)
                        .map_err(|problems| problems.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
                    let _lock = crate::runbook::lock::ApplyLock::take(&data_dir, &runbook.digest)
                        .map_err(|e| vec![e.to_string()])?;
                    let prepared =
                        crate::runbook::session::prepare(&client, history.as_ref(), &runbook, &poll, bound)
                            .await
                            .map_err(|e| vec![e.to_string()])?;
                    Ok(Box::new((runbook, prepared)))
                };
                Msg::RunbookPlanned { id, result: result.await }
            },
        );
    }

    /// `runbook apply` for the pane, once confirmed: the same engine, its reports sent as
    /// messages; the lock held for the whole run; the run's end and undo recorded.
    fn run_runbook(
        &self,
        handles: &Handles,
        run_id: u64,
        (runbook, prepared): (crate::runbook::Runbook, crate::runbook::session::Prepared),
        cancel: CancellationToken,
    ) {
        let tx = self.tx.clone();
        let Some(signer) = handles.signer.clone() else {
            let _ = tx.send(Msg::RunbookStarted { run_id, result: Err(no_credential().message) });
            return;
        };
        let mut caller = signer.caller;
        if caller.account_id.is_none() {
            caller.account_id = self.accounts.known(&signer.client.secret_id()).map(|a| a.id);
        }
        let history = handles.history.clone();
        let workflow = Workflow {
            client: signer.client,
            history: history.clone(),
            caller,
            accounts: self.accounts.clone(),
        };
        let engine = crate::runbook::apply::Engine {
            workflow,
            poll: self.poll.clone(),
            stop_on_failure: false,
            limits: prepared.described.limits.clone(),
        };
        let data_dir = self.data_dir.clone();
        self.spawn(async move {
            let _lock = match crate::runbook::lock::ApplyLock::take(&data_dir, &runbook.digest) {
                Ok(lock) => lock,
                Err(e) => {
                    let _ = tx.send(Msg::RunbookStarted { run_id, result: Err(e.to_string()) });
                    return;
                }
            };
            let id = crate::runbook::session::start_run(history.as_ref(), &runbook, &prepared)
                .await
                .unwrap_or_else(|(id, e)| {
                    tracing::warn!(error = %e, "the runbook run could not be recorded; its steps are");
                    id
                });
            let _ = tx.send(Msg::RunbookStarted { run_id, result: Ok(id.clone()) });
            let reports = tx.clone();
            let progress: Arc<dyn Fn(crate::runbook::apply::Progress) + Send + Sync> =
                Arc::new(move |progress| {
                    let _ = reports.send(Msg::RunbookProgress { run_id, progress });
                });
            let done = prepared.done_before();
            let ends = engine.run(&runbook, &id, &done, &prepared.resumptions, progress, cancel).await;
            let code = crate::runbook::session::exit_code(&ends);
            let finished = crate::runbook::session::finish(
                history.as_ref(),
                &data_dir,
                &runbook,
                &id,
                &ends,
                &prepared.described,
            )
            .await;
            let _ = tx.send(Msg::RunbookFinished { run_id, code, finished });
        });
    }

    fn locate(&self, handles: &Handles, run_id: u64, plan: Plan) {
        self.with_client(
            handles,
            move |e| Msg::Located { run_id, result: Err(e) },
            move |client| async move {
                let result = attach::facts::locate(&client, &plan).await.map_err(|e| Failure::from_api(&e));
                Msg::Located { run_id, result }
            },
        );
    }

    fn open_history(&self) {
        let (tx, path) = (self.tx.clone(), self.history_path.clone());
        tokio::task::spawn_blocking(move || {
            let result = Store::open(&path).map(|store| HistoryHandle(History::new(store)));
            let _ = tx.send(Msg::HistoryOpened(result.map_err(|e| e.to_string())));
        });
    }

    fn load_history(&self, handles: &Handles, generation: u64, query: HistoryQuery, append: bool) {
        let (tx, history) = (self.tx.clone(), handles.history.clone());
        self.spawn(async move {
            let result = match history {
                Some(history) => {
                    history.with(move |store| store.page(&query)).await.map_err(|e| e.to_string())
                }
                None => Err(tr!("worker-history-not-open")),
            };
            let _ = tx.send(Msg::HistoryPage { generation, append, result });
        });
    }

    fn reconcile(&self, handles: &Handles) {
        let (Some(client), Some(history)) = (handles.client(), handles.history.clone()) else { return };
        let tx = self.tx.clone();
        self.spawn(async move {
            let changed = reconcile(&client, &history).await;
            let _ = tx.send(Msg::Reconciled(changed));
        });
    }

    fn store_key(&self, profile: String, credential: Credential) {
        let (tx, config) = (self.tx.clone(), self.config.clone());
        tokio::task::spawn_blocking(move || {
            let keyring = OsKeyring::from_env();
            let result = credentials::store_reporting(&profile, &credential, &keyring)
                .map_err(|e| e.to_string())
                .and_then(|persistence| {
                    let notice = credentials::stored_message(&profile, &credential, persistence);
                    let resolved = Resolved {
                        credential,
                        source: credentials::Source::Keyring { profile: profile.clone() },
                        profile,
                        searched: Vec::new(),
                    };
                    // Checked here so a key the client cannot use is refused in the dialog.
                    Signer::new(&resolved, None, &config)?;
                    Ok(KeyStored { kept: KeyKept { describe: resolved.describe(), notice }, resolved })
                });
            let _ = tx.send(Msg::KeyStored(result));
        });
    }
}

/// Why sts did not say, in a few words for the header: the service's code (escaped: it is the
/// server's text), or what went wrong on the way.
fn short_reason(err: &crate::api::ApiError) -> String {
    match err {
        // Escaped when the answer was decoded, as every server string is.
        crate::api::ApiError::Service(e) => e.code.clone(),
        other => {
            let title = other.explanation().title;
            let mut chars = title.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
    }
}

/// Instance ID → ENI limit, asked a few at a time; None for an instance that did not answer
/// (the picker then says the slot count is unknown).
pub async fn eni_limits(
    client: &Client,
    region: &str,
    instances: Vec<String>,
) -> BTreeMap<String, Option<crate::api::actions::EniLimit>> {
    futures::stream::iter(instances)
        .map(|id| async move {
            let limit = client.describe_network_interface_limit(region, &id).await;
            (id, limit.ok())
        })
        .buffer_unordered(LIMIT_CONCURRENCY)
        .collect()
        .await
}

/// Everything the pickers show for a region, in one go (the app loads the parts as separate
/// effects so each list appears as soon as it arrives; fixtures and benchmarks want it whole).
pub async fn fetch_resources(client: &Client, region: &str) -> Result<Resources, crate::api::ApiError> {
    let enis = client.describe_network_interfaces(region, &[], &[]).await?;
    let instances = client.describe_instances(region, &[], &[]).await?;
    let limits = eni_limits(client, region, instances.iter().map(|i| i.id.clone()).collect()).await;
    let limits = limits
        .into_iter()
        .map(|(id, limit)| (id, limit.map_or(SlotLimit::Unknown, SlotLimit::Known)))
        .collect();
    Ok(Resources {
        region: region.into(),
        enis: Load::Loaded(enis),
        instances: Load::Loaded(instances),
        limits,
    })
}

/// At most this many runbooks are listed from the directory.
const MAX_RUNBOOKS_LISTED: usize = 500;

/// The `*.toml` files of `dir` by name (none when it does not exist), then `also`, each read
/// bounded and outlined.
fn runbook_entries(dir: &std::path::Path, also: Option<PathBuf>) -> Result<Vec<RunbookEntry>, String> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .take(MAX_RUNBOOKS_LISTED)
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(crate::tr!(
                "runbook-dir-unreadable",
                dir = dir.display().to_string(),
                error = e.to_string()
            ));
        }
    };
    paths.sort();
    paths.extend(also.filter(|a| !paths.contains(a)));
    Ok(paths
        .into_iter()
        .map(|path| {
            let outline = crate::local_file::read_text(&path, crate::runbook::file::MAX_FILE_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|text| crate::runbook::file::Outline::read(&text));
            RunbookEntry { path, outline }
        })
        .collect())
}
