//! The whole state of the screen: plain data, changed only by `update`.

pub(crate) mod activity;
mod input;
pub mod resources;
pub(crate) mod run;
pub mod runbooks;
mod ticket;

pub use crate::attempt::Step;
pub use activity::{AccountLoad, AccountView, ActivityCheck, HistoryView};
pub use input::{ListPos, TextInput};
pub use resources::Resources;
pub use run::{Ask, Live, ProgressPane, Retry, Run};
pub use runbooks::RunbooksPane;
pub use ticket::Ticket;

use super::Setup;
pub use super::keymap::Pane;
use super::keymap::{Focus, Keymap};
use super::msg::Effect;
use super::theme::Theme;
use crate::api::AttachType;
use crate::attach::Failure;
use crate::attach::preflight::Report;
use crate::credentials::Secret;
use crate::history::{HistoryQuery, Row};
use crate::plan::{Kind, Plan};

/// Something being fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// What fills the body; Tab cycles through the tabs ([`Pane`]); Confirm is a step of the
/// form, not a tab. A screen carries what only it needs: the review lives in `Confirm` and goes
/// when the screen changes, so no review can linger beside another screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Region,
    Form,
    Confirm(Box<ConfirmPane>),
    Progress,
    History,
    Runbooks,
}

impl Screen {
    /// The tab this screen lights.
    pub fn pane(&self) -> Pane {
        match self {
            Screen::Region => Pane::Region,
            Screen::Form | Screen::Confirm(_) => Pane::Form,
            Screen::Progress => Pane::Progress,
            Screen::History => Pane::History,
            Screen::Runbooks => Pane::Runbooks,
        }
    }
}

impl Pane {
    /// The screen a tab opens.
    pub fn screen(self) -> Screen {
        match self {
            Pane::Region => Screen::Region,
            Pane::Form => Screen::Form,
            Pane::History => Screen::History,
            Pane::Progress => Screen::Progress,
            Pane::Runbooks => Screen::Runbooks,
        }
    }
}

/// What floats above the pane, with what only it needs: one overlay at a time, and its data
/// goes when it closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The help, opened at the keys of the pane it was asked from (`from`) and scrolled
    /// `scroll` lines from there: the view lays the wrapped lines out, so only it knows on
    /// which line a section starts.
    Help {
        from: Focus,
        scroll: i32,
    },
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
    pub fn label(self, kind: Kind) -> String {
        match (self, kind) {
            (FormFocus::Eni, _) => crate::tr!("form-label-eni"),
            (FormFocus::Instance, Kind::Attach) => crate::tr!("form-label-instance"),
            (FormFocus::Instance, _) => crate::tr!("form-label-from"),
            (FormFocus::Destination, _) => crate::tr!("form-label-to"),
            (FormFocus::AttachType, _) => crate::tr!("form-label-attach-type"),
            (FormFocus::Submit, _) => crate::tr!("form-review"),
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmPane {
    pub plan: Plan,
    pub preflight_id: u64,
    pub preflight: Load<Report>,
    /// The explicit second key was pressed: send despite failed checks.
    pub override_armed: bool,
    /// First line shown: the verdicts and their advice scroll in a small window.
    pub scroll: u16,
    /// The furthest `scroll` can go at the window's size, as the last frame laid the pane out
    /// (0: it all fits): the scroll keys stop there, and the footer names them only when > 0.
    pub scroll_limit: u16,
    /// How long the verdicts (or that preflight could not run) have been on screen: None until
    /// drawn, then counted by the loop's ticks. A key that sends is honoured only once this
    /// reaches the model's `confirm_dwell`.
    pub shown_for: Option<std::time::Duration>,
    /// Others' recent changes to the plan's ENI and instances (CloudAudit): shown when they
    /// arrive, never waited for.
    pub activity: ActivityCheck,
}

impl ConfirmPane {
    /// The verdicts have been on screen for `dwell`: a key that sends answers what was read.
    pub fn settled(&self, dwell: std::time::Duration) -> bool {
        self.shown_for.is_some_and(|t| t >= dwell)
    }

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
    pub rows: Vec<Row>,
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
    /// The furthest `detail_scroll` can go, as the last frame laid the record out.
    pub detail_scroll_limit: u16,
    /// This machine's attempts, or the account's changes (CloudAudit).
    pub view: HistoryView,
    pub account: AccountView,
}

impl HistoryPane {
    pub fn selected(&self) -> Option<&Row> {
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

/// A footer notice and how long it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub lasts: Lasts,
}

/// Until when a notice is true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lasts {
    /// The next key (what that key did replaces it).
    NextKey,
    /// Until the confirm pane's verdicts are on screen ("checking first…").
    UntilVerdicts,
    /// Until the live run ends ("still running", "re-sending…", "cancelling…").
    WhileRunning,
}

impl From<String> for Notice {
    fn from(text: String) -> Notice {
        Notice { text, lasts: Lasts::NextKey }
    }
}

impl From<&str> for Notice {
    fn from(text: &str) -> Notice {
        Notice::from(text.to_string())
    }
}

impl std::ops::Deref for Notice {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
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
    pub progress: Option<ProgressPane>,
    pub history: HistoryPane,
    pub runbooks: RunbooksPane,
    pub credentials: CredentialsDialog,
    /// A one-line message in the footer (copied, read-only, a key problem), and what it is
    /// about, so it goes when that does rather than stay beside a screen it no longer fits.
    pub notice: Option<Notice>,
    /// How long the confirm pane's verdicts must have been on screen before a key that sends
    /// (or arms the override) is honoured: a key pressed sooner answers verdicts nobody read.
    pub confirm_dwell: std::time::Duration,
    /// How far back the confirm pane looks for others' changes (0: it does not look).
    pub activity_window: std::time::Duration,
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
            progress: None,
            history: HistoryPane { opened: Load::Loading, ..HistoryPane::default() },
            runbooks: RunbooksPane {
                dir: setup.runbook_dir.clone(),
                also: setup.runbook.clone(),
                ..RunbooksPane::default()
            },
            credentials: CredentialsDialog {
                error: setup.credential_problem.clone(),
                ..CredentialsDialog::default()
            },
            notice: (!problems.is_empty()).then(|| problems.join("; ").into()),
            confirm_dwell: setup.confirm_dwell,
            activity_window: setup.activity_window,
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
        if let Some(file) = &setup.runbook {
            // `--runbook FILE` opens on the Runbooks pane with it in the list.
            model.screen = Screen::Runbooks;
            model.runbooks.list.selected = usize::MAX;
            effects.push(Effect::ListRunbooks { also: Some(file.clone()) });
        }
        (model, effects)
    }

    /// A run is live, or the confirm pane's verdicts are still within their dwell: the loop
    /// sends ticks so the spinner and times move and the dwell ends on time.
    pub fn ticking(&self) -> bool {
        self.progress.as_ref().is_some_and(|p| p.running())
            || self.confirm().is_some_and(|c| c.shown_for.is_some() && !c.settled(self.confirm_dwell))
            || self.runbooks.live_run().is_some()
            || self
                .runbooks
                .planned()
                .is_some_and(|p| p.shown_for.is_some() && !p.settled(self.confirm_dwell))
    }

    /// The regions the filter lets through: the one the text names exactly (an ID or an alias, as
    /// `--region` reads it) first, then the rest in catalog order; so `sh` then Enter is
    /// ap-shanghai, never the first row a fuzzy match let through.
    pub fn visible_regions(&self) -> Vec<&'static crate::catalog::Region> {
        let text = self.regions.filter.text.trim();
        let filter = resources::ListFilter::new(text);
        let named = match crate::catalog::resolve_region(text) {
            Ok(crate::catalog::RegionMatch::Id(r) | crate::catalog::RegionMatch::Alias(r)) => {
                Some(r.id.as_str())
            }
            _ => None,
        };
        let mut rows: Vec<&'static crate::catalog::Region> = crate::catalog::regions()
            .iter()
            .filter(|r| {
                let aliases = r.aliases.iter().map(String::as_str);
                let facts: Vec<&str> = aliases.chain(r.finance.then_some("finance")).collect();
                Some(r.id.as_str()) == named
                    || filter.matches(&resources::Searchable {
                        ids: &[&r.id],
                        names: &[&r.name, &r.name_zh],
                        facts: &facts,
                    })
            })
            .collect();
        rows.sort_by_key(|r| Some(r.id.as_str()) != named);
        rows
    }

    /// The role of what a picker of `kind` lists, in the form's operation.
    pub fn picker_role(&self, kind: PickerKind) -> crate::attach::eligibility::Role {
        use crate::attach::eligibility::Role;
        match kind {
            PickerKind::Eni => Role::Eni,
            PickerKind::Instance(field) => {
                Role::of_instance_field(self.form.operation, field == InstanceField::Destination)
            }
        }
    }

    /// Why the open picker's selected row is not a good pick (see [`resources::why_not`]).
    pub fn picker_why(&self) -> Option<String> {
        let picker = self.picker()?;
        let (resources, form, filter, at) =
            (&self.resources, &self.form, &picker.filter.text, picker.list.selected);
        let judgement = match picker.kind {
            PickerKind::Eni => resources::eni_rows(resources, form, filter).get(at)?.judgement.clone(),
            PickerKind::Instance(_) => {
                let role = self.picker_role(picker.kind);
                resources::instance_rows(resources, form, role, filter).get(at)?.judgement.clone()
            }
        };
        resources::why_not(&judgement)
    }

    /// A footer notice until the next key.
    pub fn say(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice { text: text.into(), lasts: Lasts::NextKey });
    }

    /// A footer notice that holds until `lasts` is over.
    pub fn say_until(&mut self, text: impl Into<String>, lasts: Lasts) {
        self.notice = Some(Notice { text: text.into(), lasts });
    }

    /// `lasts` is over: its notice goes.
    pub fn notice_over(&mut self, over: Lasts) {
        if self.notice.as_ref().is_some_and(|n| n.lasts == over) {
            self.notice = None;
        }
    }

    /// Whether `action` does something now: the footer offers only those (help lists all).
    pub fn offers(&self, action: super::keymap::Action) -> bool {
        use super::keymap::Action as A;
        let run = self.progress.as_ref();
        let checks = self.confirm().map(ConfirmPane::checks);
        match action {
            A::Detach => run.is_some_and(|p| p.succeeded() && p.plan().kind() == Kind::Attach),
            A::Resend => run.is_some_and(|p| {
                p.outcome() == Some(crate::attempt::Outcome::Unknown) && p.plan().client_token().is_some()
            }),
            A::Recheck => run.is_some_and(|p| !p.running()),
            A::SendWithoutPreflight => checks == Some(Checks::CouldNotRun),
            A::Override => checks == Some(Checks::Failed),
            A::Rerun | A::Move => self.history.selected().is_some(),
            A::PaneProgress => run.is_some(),
            A::Send if matches!(self.screen, Screen::Runbooks) => {
                self.runbooks.planned().is_some_and(|p| p.prepared.check.runnable())
            }
            A::Refresh if matches!(self.screen, Screen::Runbooks) => self.runbooks.live_run().is_none(),
            // Enter opens a runbook from the list (when it has one) and moves through its
            // variables; nowhere else.
            A::Select if matches!(self.screen, Screen::Runbooks) => {
                (self.runbooks.open.is_none() && !self.runbooks.entries().is_empty())
                    || self.runbooks.vars_form().is_some()
            }
            // The progress pane's scroll keys, when it has more than the window shows (the
            // last frame measured it).
            A::Up | A::Down | A::PageUp | A::PageDown if self.focus() == Focus::Progress => {
                run.is_some_and(|p| p.scroll_limit > 0)
            }

            // Esc where it closes, clears or goes back; a list with nothing to clear has
            // nowhere to go back to.
            A::Back => match self.focus() {
                Focus::Region => false,
                Focus::History => !self.history.filter.text.is_empty(),
                Focus::Runbooks => self.runbooks.open.is_some(),
                _ => true,
            },
            // An empty runbook list has no row to move to.
            A::Up | A::Down | A::PageUp | A::PageDown
                if self.focus() == Focus::Runbooks && self.runbooks.open.is_none() =>
            {
                !self.runbooks.entries().is_empty()
            }
            _ => true,
        }
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
    pub fn focus(&self) -> Focus {
        match self.overlay {
            Some(Overlay::Help { .. }) => return Focus::Help,
            Some(Overlay::Picker(_)) => return Focus::Picker,
            Some(Overlay::Credentials) => return Focus::Credentials,
            Some(Overlay::Detail) => return Focus::Detail,
            None => {}
        }
        match self.screen {
            Screen::Region if self.regions.filtering => Focus::RegionFilter,
            Screen::Region => Focus::Region,
            Screen::Form => Focus::Form,
            Screen::Confirm(_) => Focus::Confirm,
            Screen::Progress => Focus::Progress,
            Screen::History if self.history.filtering => Focus::HistoryFilter,
            Screen::History => Focus::History,
            Screen::Runbooks if self.runbooks.vars_form().is_some() => Focus::RunbookVars,
            Screen::Runbooks => Focus::Runbooks,
        }
    }

    /// The review on screen, if the screen is the confirm step.
    pub fn confirm(&self) -> Option<&ConfirmPane> {
        match &self.screen {
            Screen::Confirm(confirm) => Some(confirm),
            _ => None,
        }
    }

    pub fn confirm_mut(&mut self) -> Option<&mut ConfirmPane> {
        match &mut self.screen {
            Screen::Confirm(confirm) => Some(confirm),
            _ => None,
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
    pub fn tab_title(&self, pane: Pane) -> String {
        match pane {
            Pane::Region => crate::tr!("tab-region"),
            Pane::Form => operation_title(self.form.operation),
            Pane::History => crate::tr!("tab-history"),
            Pane::Progress => crate::tr!("tab-progress"),
            Pane::Runbooks => crate::tr!("tab-runbooks"),
        }
    }

    /// The tabs shown: Progress only once something has run (it is the last tab, so the others
    /// keep their place and their keys when it appears).
    pub fn tabs(&self) -> Vec<Pane> {
        Pane::ALL.into_iter().filter(|p| *p != Pane::Progress || self.progress.is_some()).collect()
    }
}

/// An operation's name in titles and tabs.
pub fn operation_title(kind: Kind) -> String {
    match kind {
        Kind::Attach => crate::tr!("tab-attach"),
        Kind::Detach => crate::tr!("tab-detach"),
        Kind::Move => crate::tr!("tab-move"),
    }
}
