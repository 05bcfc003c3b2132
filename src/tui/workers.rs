//! Effects run here, as tokio tasks, and report back as [`Msg`] on the one channel the loop
//! reads. Nothing here touches the model; nothing in `update` waits for anything here.

use super::model::resources::SlotLimit;
use super::model::{Load, Resources};
use super::msg::{Effect, Msg};
use crate::api::{Client, ClientConfig};
use crate::attach::reconcile::reconcile;
use crate::attach::{self, Options, PollPolicy, Workflow};
use crate::attach::{Failure, FailureKind};
use crate::credentials::{self, Credential, OsKeyring, Resolved};
use crate::history::Store;
use crate::history::{Caller, History};
use crate::plan::Plan;
use futures::StreamExt;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio_util::sync::CancellationToken;

/// How many ENI-limit lookups run at once (the action allows 20 per second).
const LIMIT_CONCURRENCY: usize = 4;

/// What the tasks share: the client and the history store appear once they exist (the store
/// is opened off the UI thread; a key stored from the dialog brings a client).
#[derive(Clone, Default)]
struct Shared {
    client: Arc<Mutex<Option<Arc<Client>>>>,
    caller: Arc<Mutex<Caller>>,
    history: Arc<Mutex<Option<History>>>,
}

impl Shared {
    fn client(&self) -> Option<Arc<Client>> {
        self.client.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn history(&self) -> Option<History> {
        self.history.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set_credential(&self, resolved: &Resolved, config: &ClientConfig) -> Result<(), String> {
        let client = Client::new(resolved.credential.clone(), config.clone()).map_err(|e| e.to_string())?;
        *self.client.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(client));
        *self.caller.lock().unwrap_or_else(|p| p.into_inner()) =
            Caller { profile: resolved.profile.clone(), secret_id_masked: resolved.credential.masked_id() };
        Ok(())
    }
}

pub struct Workers {
    tx: UnboundedSender<Msg>,
    shared: Shared,
    config: ClientConfig,
    history_path: PathBuf,
    poll: PollPolicy,
    cancels: HashMap<u64, CancellationToken>,
}

fn no_credential() -> Failure {
    Failure::new(
        FailureKind::NoCredentials,
        "AuthFailure.SecretIdNotFound",
        "no credential: set TENCENTCLOUD_SECRET_ID/KEY, store a key in the keyring, or run tceni --demo",
    )
}

impl Workers {
    pub fn new(tx: UnboundedSender<Msg>, setup: &super::Setup) -> Self {
        let shared = Shared::default();
        if let Some(resolved) = &setup.credential
            && let Err(e) = shared.set_credential(resolved, &setup.client_config)
        {
            tracing::warn!(error = %e, "could not build the API client");
        }
        Workers {
            tx,
            shared,
            config: setup.client_config.clone(),
            history_path: setup.history_path.clone(),
            poll: setup.poll.clone(),
            cancels: HashMap::new(),
        }
    }

    /// Start an effect; returns at once. `Copy` and `Quit` belong to the loop, not here.
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::LoadEnis { region } => self.load_enis(region),
            Effect::LoadInstances { region } => self.load_instances(region),
            Effect::LoadLimits { region, instances } => self.load_limits(region, instances),
            Effect::Preflight { id, plan } => self.preflight(id, plan),
            Effect::RunWorkflow { run_id, plan, override_preflight, preflight } => {
                self.run_workflow(run_id, plan, override_preflight, preflight)
            }
            Effect::Cancel { run_id } => {
                if let Some(token) = self.cancels.remove(&run_id) {
                    token.cancel();
                }
            }
            Effect::OpenHistory => self.open_history(),
            Effect::LoadHistory { generation, query, append } => self.load_history(generation, query, append),
            Effect::Reconcile => self.reconcile(),
            Effect::StoreKey { profile, secret_id, secret_key } => {
                self.store_key(profile, Credential::new(secret_id, secret_key.expose(), None))
            }
            Effect::Copy(_) | Effect::Quit => {}
        }
    }

    /// Spawn `job` with the client, or report `no_credential` through `fail`.
    fn with_client<F, Fut>(&self, fail: impl FnOnce(Failure) -> Msg, job: F)
    where
        F: FnOnce(Arc<Client>) -> Fut + Send + 'static,
        Fut: Future<Output = Msg> + Send + 'static,
    {
        let tx = self.tx.clone();
        match self.shared.client() {
            Some(client) => {
                tokio::spawn(async move {
                    let _ = tx.send(job(client).await);
                });
            }
            None => {
                let _ = tx.send(fail(no_credential()));
            }
        }
    }

    fn load_enis(&self, region: String) {
        let r = region.clone();
        self.with_client(
            |e| Msg::EnisLoaded { region: r, result: Err(e) },
            move |client| async move {
                let result = client.describe_network_interfaces(&region, &[], &[]).await;
                Msg::EnisLoaded { region, result: result.map_err(|e| Failure::from_api(&e)) }
            },
        );
    }

    fn load_instances(&self, region: String) {
        let r = region.clone();
        self.with_client(
            |e| Msg::InstancesLoaded { region: r, result: Err(e) },
            move |client| async move {
                let result = client.describe_instances(&region, &[], &[]).await;
                Msg::InstancesLoaded { region, result: result.map_err(|e| Failure::from_api(&e)) }
            },
        );
    }

    fn load_limits(&self, region: String, instances: Vec<String>) {
        let r = region.clone();
        self.with_client(
            |_| Msg::LimitsLoaded { region: r, limits: BTreeMap::new() },
            move |client| async move {
                let limits = eni_limits(&client, &region, instances).await;
                Msg::LimitsLoaded { region, limits }
            },
        );
    }

    fn preflight(&self, id: u64, plan: Plan) {
        self.with_client(
            move |e| Msg::PreflightDone { id, result: Err(e) },
            move |client| async move {
                let result = attach::facts::gather(&client, &plan)
                    .await
                    .map(|facts| attach::preflight::check(&plan, &facts))
                    .map_err(|e| Failure::from_api(&e));
                Msg::PreflightDone { id, result }
            },
        );
    }

    fn run_workflow(&mut self, run_id: u64, plan: Plan, override_preflight: bool, preflight: bool) {
        let Some(client) = self.shared.client() else {
            let finish = attach::Finish {
                outcome: crate::history::Outcome::NotSent,
                failure: Some(no_credential()),
                ..attach::Finish::new(plan)
            };
            let event = attach::Event::Finished(Box::new(finish));
            let _ = self.tx.send(Msg::Workflow { run_id, event });
            return;
        };
        let cancel = CancellationToken::new();
        self.cancels.insert(run_id, cancel.clone());
        let workflow = Workflow {
            client,
            history: self.shared.history(),
            caller: self.shared.caller.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        };
        // Preflight runs again inside the workflow: the confirm pane's verdicts may be seconds
        // old, and the workflow records the verdicts it acted on in the history row.
        let options =
            Options { preflight, wait: true, poll: self.poll.clone(), override_preflight, confirm: None };
        let tx = self.tx.clone();
        tokio::spawn(async move {
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

    fn open_history(&self) {
        let (tx, path, slot) = (self.tx.clone(), self.history_path.clone(), self.shared.history.clone());
        tokio::task::spawn_blocking(move || {
            let result = Store::open(&path).map(|store| {
                *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(History::new(store));
            });
            let _ = tx.send(Msg::HistoryOpened(result.map_err(|e| e.to_string())));
        });
    }

    fn load_history(&self, generation: u64, query: crate::history::HistoryQuery, append: bool) {
        let (tx, history) = (self.tx.clone(), self.shared.history());
        tokio::spawn(async move {
            let result = match history {
                Some(history) => {
                    history.with(move |store| store.page(&query)).await.map_err(|e| e.to_string())
                }
                None => Err("the history file is not open".to_string()),
            };
            let _ = tx.send(Msg::HistoryPage { generation, append, result });
        });
    }

    fn reconcile(&self) {
        let (tx, client, history) = (self.tx.clone(), self.shared.client(), self.shared.history());
        let (Some(client), Some(history)) = (client, history) else { return };
        tokio::spawn(async move {
            let changed = reconcile(&client, &history).await;
            let _ = tx.send(Msg::Reconciled(changed));
        });
    }

    fn store_key(&self, profile: String, credential: Credential) {
        let (tx, shared, config) = (self.tx.clone(), self.shared.clone(), self.config.clone());
        tokio::task::spawn_blocking(move || {
            let keyring = OsKeyring::from_env();
            let result = credentials::store(&profile, &credential, &keyring)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    let resolved = Resolved {
                        credential,
                        source: credentials::Source::Keyring { profile: profile.clone() },
                        profile,
                        searched: Vec::new(),
                    };
                    shared.set_credential(&resolved, &config).map(|()| resolved.describe())
                });
            let _ = tx.send(Msg::KeyStored(result));
        });
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
