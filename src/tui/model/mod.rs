//! The whole state of the screen: plain data, changed only by `update`.

mod input;
pub mod resources;
pub mod run;

pub use crate::attempt::Step;
pub use input::{ListPos, TextInput};
pub use resources::Resources;
pub use run::{Live, ProgressPane, Retry, Run};

use super::Setup;
use super::keymap::{Context, Keymap};
use super::msg::Effect;
use super::theme::Theme;
use crate::api::AttachType;
use crate::attach::Failure;
use crate::attach::preflight::Report;
use crate::credentials::Secret;
use crate::history::{Attempt, HistoryQuery};
use crate::plan::{Kind, Plan};

/// Something being fetched.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Load<T> {
    #[default]
    Idle,
    Loading,
    Loaded(T),
    Failed(Failure),
}

impl<T> Load<T> {
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Load::Loaded(v) => Some(v),
            _ => None,
        }
    }
}

/// The main panes; Tab cycles through them (Confirm is a step of Attach, not a tab).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Region,
    Form,
    Confirm,
    Progress,
    History,
}

impl Screen {
    pub const TABS: [Screen; 4] = [Screen::Region, Screen::Form, Screen::Progress, Screen::History];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Region => "Region",
            // The tab itself names the operation: see `Model::tab_title`.
            Screen::Form | Screen::Confirm => "Form",
            Screen::Progress => "Progress",
            Screen::History => "History",
        }
    }
}

/// What floats above the pane, with what only it needs: one overlay at a time, and its data
/// goes when it closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help { offset: usize },
    Picker(Picker),
    Credentials,
    Detail,
}

/// What the header shows about where calls go and as whom.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub region: Option<String>,
    /// Where calls go: the client's own rule, so the confirm pane shows the real host.
    pub endpoints: crate::api::EndpointRule,
    /// `Resolved::describe()`: source and masked SecretId, never the key.
    pub credential: Option<String>,
    /// The account calls act in: asked of sts once the app is open, never waited for.
    pub account: AccountState,
    /// Counts account lookups, so an answer about an earlier key is not taken for this one's.
    pub account_checks: u64,
    pub profile: String,
    pub read_only: bool,
    pub sandbox: bool,
}

/// What is known of the account the credential acts in (sts GetCallerIdentity).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AccountState {
    /// No credential: there is no account to ask about.
    #[default]
    NoCredential,
    /// Asked; lookup `id` is the one whose answer counts.
    Checking {
        id: u64,
    },
    Known(crate::attach::account::Account),
    /// sts did not say; a short reason. Never a guess.
    Unknown(String),
}

impl Session {
    /// Ask sts again (a new credential): the header says "checking…" until the answer.
    pub fn check_account(&mut self) -> Effect {
        self.account_checks += 1;
        let id = self.account_checks;
        self.account = AccountState::Checking { id };
        Effect::CheckAccount { id }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RegionPane {
    pub filter: TextInput,
    pub filtering: bool,
    pub list: ListPos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormFocus {
    #[default]
    Eni,
    Instance,
    /// Move only: the instance the ENI goes to.
    Destination,
    AttachType,
    Submit,
}

impl FormFocus {
    /// The label of a field, which depends on the operation.
    pub fn label(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (FormFocus::Eni, _) => "ENI",
            (FormFocus::Instance, Kind::Attach) => "Instance",
            (FormFocus::Instance, _) => "From instance",
            (FormFocus::Destination, _) => "To instance",
            (FormFocus::AttachType, _) => "Attach type",
            (FormFocus::Submit, _) => "Review and confirm",
        }
    }

    /// The fields the form shows for an operation, top to bottom.
    pub fn order(kind: Kind) -> &'static [FormFocus] {
        use FormFocus::*;
        match kind {
            Kind::Attach => &[Eni, Instance, AttachType, Submit],
            Kind::Detach => &[Eni, Instance, Submit],
            Kind::Move => &[Eni, Instance, Destination, AttachType, Submit],
        }
    }
}

#[derive(Debug, Clone)]
pub struct FormPane {
    pub operation: Kind,
    pub eni: TextInput,
    pub instance: TextInput,
    pub destination: TextInput,
    pub attach_type: AttachType,
    pub focus: FormFocus,
}

impl Default for FormPane {
    fn default() -> Self {
        FormPane {
            operation: Kind::Attach,
            eni: TextInput::default(),
            instance: TextInput::default(),
            destination: TextInput::default(),
            attach_type: AttachType::Standard,
            focus: FormFocus::Eni,
        }
    }
}

/// Which instance field an instance picker fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceField {
    /// Attach's instance; detach's and move's source.
    Instance,
    /// A move's destination.
    Destination,
}

impl InstanceField {
    pub fn focus(self) -> FormFocus {
        match self {
            InstanceField::Instance => FormFocus::Instance,
            InstanceField::Destination => FormFocus::Destination,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Eni,
    Instance(InstanceField),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    pub filter: TextInput,
    pub list: ListPos,
}

/// Exactly what will be sent, and the checks run on it.
#[derive(Debug, Clone)]
pub struct ConfirmPane {
    pub plan: Plan,
    pub preflight_id: u64,
    pub preflight: Load<Report>,
    /// The explicit second key was pressed: send despite failed checks.
    pub override_armed: bool,
    /// First line shown: the verdicts and their advice scroll in a small window.
    pub scroll: u16,
    /// The verdicts (or that preflight could not run) have been drawn: only from then on can
    /// a key confirm them.
    pub verdicts_shown: bool,
}

impl ConfirmPane {
    pub fn blocked(&self) -> bool {
        matches!(&self.preflight, Load::Loaded(report) if !report.passed())
    }

    /// Where the checks stand, which decides what the send keys do.
    pub fn checks(&self) -> Checks {
        match &self.preflight {
            Load::Idle | Load::Loading => Checks::Running,
            Load::Failed(_) => Checks::CouldNotRun,
            Load::Loaded(report) if report.already_done().is_some() => Checks::NothingToDo,
            Load::Loaded(report) if report.passed() => Checks::Passed,
            Load::Loaded(report) if account_refused(report) => Checks::AccountRefused,
            Load::Loaded(_) => Checks::Failed,
        }
    }
}

fn account_refused(report: &Report) -> bool {
    use crate::attach::preflight::{Rule, Status};
    report.verdicts.iter().any(|v| v.rule == Rule::AccountAllowed && v.status == Status::Fail)
}

/// The confirm pane's preflight, as the keys see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// Not on screen yet: every key but "back" is discarded.
    Running,
    Passed,
    /// The ENI is already where the plan puts it.
    NothingToDo,
    /// A rule failed: sending needs the explicit override.
    Failed,
    /// The account is not in allowed_accounts (or could not be named): no override sends
    /// past it (the workflow refuses again before sending).
    AccountRefused,
    /// The describe calls failed: only "send without preflight" sends.
    CouldNotRun,
}

#[derive(Debug, Clone, Default)]
pub struct HistoryPane {
    pub opened: Load<()>,
    pub rows: Vec<Attempt>,
    pub list: ListPos,
    pub filter: TextInput,
    pub filtering: bool,
    /// Answers for an older query are dropped.
    pub generation: u64,
    pub loading: bool,
    /// The last page was short: nothing older to fetch.
    pub exhausted: bool,
    pub error: Option<String>,
    /// First line shown of the record view, which scrolls in a small window.
    pub detail_scroll: u16,
}

impl HistoryPane {
    pub fn selected(&self) -> Option<&Attempt> {
        self.rows.get(self.list.selected)
    }

    pub fn query(&self) -> HistoryQuery {
        HistoryQuery::search(self.filter.text.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CredentialField {
    #[default]
    SecretId,
    SecretKey,
}

/// Asked when no credential was found: store one in the OS keyring, or go to the demo.
#[derive(Debug, Clone)]
pub struct CredentialsDialog {
    pub secret_id: TextInput,
    /// Never drawn: the dialog shows one `•` per character.
    pub secret_key: Secret,
    pub focus: CredentialField,
    pub saving: bool,
    pub error: Option<String>,
}

impl Default for CredentialsDialog {
    fn default() -> Self {
        CredentialsDialog {
            secret_id: TextInput::default(),
            secret_key: Secret::new(String::new()),
            focus: CredentialField::default(),
            saving: false,
            error: None,
        }
    }
}

/// How the app ends: the exit code and a line to print once the terminal is restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    pub code: i32,
    pub message: Option<String>,
    /// The operator asked for the demo: the caller reopens the app on the built-in sandbox.
    pub open_demo: bool,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub session: Session,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Terminal size, for mouse hit-testing and list paging.
    pub size: (u16, u16),
    pub regions: RegionPane,
    pub form: FormPane,
    pub resources: Resources,
    pub confirm: Option<ConfirmPane>,
    pub progress: Option<ProgressPane>,
    pub history: HistoryPane,
    pub credentials: CredentialsDialog,
    /// A one-line message in the footer (copied, read-only, a key problem).
    pub notice: Option<String>,
    /// ClientTokens are `tceni-<seed>-<n>`: unique per request, and deterministic in tests.
    pub token_seed: String,
    pub next_id: u64,
    pub exit: Option<Exit>,
}

impl Model {
    /// The model for `setup`, and the effects that start the app (open history, list resources).
    pub fn new(setup: &Setup, token_seed: impl Into<String>) -> (Model, Vec<Effect>) {
        let (keymap, problems) = Keymap::with_overrides(&setup.keymap_overrides);
        // The last region is only preselected in the list: the operator confirms it with one
        // key rather than acting in a region nobody chose this time.
        let region = setup.region.clone();
        let preselect = region.clone().or_else(|| setup.last_region.clone());
        let prefilled = setup.eni.is_some() || setup.instance.is_some();
        let mut model = Model {
            screen: if region.is_some() { Screen::Form } else { Screen::Region },
            overlay: setup.credential.is_none().then_some(Overlay::Credentials),
            session: Session {
                region: region.clone(),
                endpoints: crate::api::EndpointRule::from_config(&setup.client_config),
                credential: setup.credential.as_ref().map(|c| c.describe()),
                account: AccountState::NoCredential,
                account_checks: 0,
                profile: setup
                    .credential
                    .as_ref()
                    .map_or_else(|| setup.profile.clone(), |c| c.profile.clone()),
                read_only: setup.read_only,
                sandbox: setup.sandbox,
            },
            theme: setup.theme,
            keymap,
            size: (80, 24),
            regions: RegionPane::default(),
            form: FormPane {
                eni: TextInput::with_text(setup.eni.clone().unwrap_or_default()),
                instance: TextInput::with_text(setup.instance.clone().unwrap_or_default()),
                ..FormPane::default()
            },
            resources: Resources::default(),
            confirm: None,
            progress: None,
            history: HistoryPane { opened: Load::Loading, ..HistoryPane::default() },
            credentials: CredentialsDialog {
                error: setup.credential_problem.clone(),
                ..CredentialsDialog::default()
            },
            notice: (!problems.is_empty()).then(|| problems.join("; ")),
            token_seed: token_seed.into(),
            next_id: 1,
            exit: None,
        };
        if prefilled && region.is_some() {
            model.form.focus = FormFocus::Submit;
        }
        model.regions.list.selected = preselect
            .as_deref()
            .and_then(|r| crate::catalog::regions().iter().position(|c| c.id == r))
            .unwrap_or(0);
        let mut effects = vec![Effect::OpenHistory];
        if setup.credential.is_some() {
            effects.push(model.session.check_account());
        }
        effects.extend(model.load_resources());
        (model, effects)
    }

    /// A run is live: the loop sends ticks so its spinner and times move.
    pub fn ticking(&self) -> bool {
        self.progress.as_ref().is_some_and(|p| p.running())
    }

    /// A fresh id for a run, a preflight or a query generation.
    pub fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn next_client_token(&mut self) -> String {
        let n = self.take_id();
        format!("tceni-{}-{n}", self.token_seed)
    }

    /// List the region's ENIs and instances for the pickers (needs a region and a credential).
    pub fn load_resources(&mut self) -> Vec<Effect> {
        let (Some(region), Some(_)) = (self.session.region.clone(), &self.session.credential) else {
            return Vec::new();
        };
        self.resources.reload(&region);
        vec![Effect::LoadEnis { region: region.clone() }, Effect::LoadInstances { region }]
    }

    /// Where the keyboard is, which decides what each key means.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help { .. }) => return Context::Help,
            Some(Overlay::Picker(_)) => return Context::Picker,
            Some(Overlay::Credentials) => return Context::Credentials,
            Some(Overlay::Detail) => return Context::Detail,
            None => {}
        }
        match self.screen {
            Screen::Region if self.regions.filtering => Context::RegionFilter,
            Screen::Region => Context::Region,
            Screen::Form => Context::Form,
            Screen::Confirm => Context::Confirm,
            Screen::Progress => Context::Progress,
            Screen::History if self.history.filtering => Context::HistoryFilter,
            Screen::History => Context::History,
        }
    }

    pub fn picker(&self) -> Option<&Picker> {
        match &self.overlay {
            Some(Overlay::Picker(picker)) => Some(picker),
            _ => None,
        }
    }

    pub fn picker_mut(&mut self) -> Option<&mut Picker> {
        match &mut self.overlay {
            Some(Overlay::Picker(picker)) => Some(picker),
            _ => None,
        }
    }

    /// A tab's label: the form's tab names the operation it is set to.
    pub fn tab_title(&self, screen: Screen) -> &'static str {
        match screen {
            Screen::Form | Screen::Confirm => operation_title(self.form.operation),
            other => other.title(),
        }
    }

    /// The tabs shown: Progress only once something has run.
    pub fn tabs(&self) -> Vec<Screen> {
        Screen::TABS.into_iter().filter(|s| *s != Screen::Progress || self.progress.is_some()).collect()
    }
}

/// An operation's name in titles and tabs.
pub fn operation_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Attach => "Attach",
        Kind::Detach => "Detach",
        Kind::Move => "Move",
    }
}
