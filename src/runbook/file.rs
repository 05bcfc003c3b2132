//! The runbook file (TOML): read bounded, parsed with spans, every problem found at once and
//! named by file, line and column. A runbook that parses is a list of [`Plan`]s, each built by
//! `Plan::new` like any other, so a runbook step is checked exactly as a single command is.
//!
//! ```toml
//! name = "gz-web failover"
//! region = "ap-guangzhou"
//! [vars]                      # optional defaults; --set k=v overrides
//! standby = "ins-stby0001"
//! [[steps]]
//! op = "move"                 # move | attach | detach
//! eni = "eni-m6dyj72l"
//! from = "ins-dead0001"
//! to = "${standby}"
//! ```

use crate::api::{AttachType, EndpointRule};
use crate::plan::{Kind, Plan, PlanInput};
use crate::tr;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The largest runbook read: far above any real one (a 500-step runbook is ~50 KiB).
pub const MAX_FILE_BYTES: u64 = crate::local_file::CONFIG_FILE_CAP;

/// At most this many steps: a runbook is read whole and planned whole.
pub const MAX_STEPS: usize = 10_000;

/// One thing wrong with a runbook, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; None when the problem is not in the file (a `--set` nobody uses, an unreadable file).
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem of a runbook that cannot be used, in file order: one line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(Problem::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// A runbook ready to plan: its steps as plans, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Runbook {
    pub name: String,
    /// The file as given (for messages and the undo file's place).
    pub path: PathBuf,
    /// The file's bytes and the variables' values, hashed: the same runbook applied again has
    /// the same digest (resume, the apply lock).
    pub digest: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 1-based, as the operator counts `[[steps]]`.
    pub number: usize,
    pub plan: Plan,
    /// Where its `[[steps]]` table starts (line, column).
    pub position: (usize, usize),
}

/// Variables given on the command line (`--set name=value`).
pub type Vars = BTreeMap<String, String>;

/// Parse `--set name=value`.
pub fn parse_set(text: &str) -> Result<(String, String), String> {
    let (name, value) = text.split_once('=').ok_or_else(|| tr!("rbf-not-name-value", text = text))?;
    if !valid_var_name(name) {
        return Err(tr!("rbf-bad-variable-name-set", name = name));
    }
    Ok((name.to_string(), value.trim().to_string()))
}

fn valid_var_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl Runbook {
    /// Read `path` (a regular file, at most [`MAX_FILE_BYTES`]) and parse it.
    pub fn load(path: &Path, vars: &Vars, endpoints: &EndpointRule) -> Result<Runbook, Problems> {
        let shown = path.display().to_string();
        // A FIFO, a device or a directory is refused before it is opened.
        let source = crate::local_file::read_text(path, MAX_FILE_BYTES).map_err(|e| {
            Problems(vec![Problem { file: shown.clone(), position: None, message: e.to_string() }])
        })?;
        Runbook::parse(&source, path, vars, endpoints)
    }

    /// Parse a runbook's text; `path` names it in problems.
    pub fn parse(
        source: &str,
        path: &Path,
        vars: &Vars,
        endpoints: &EndpointRule,
    ) -> Result<Runbook, Problems> {
        let mut reader = Reader { source, file: path.display().to_string(), problems: Vec::new() };
        let runbook = reader.runbook(path, vars, endpoints);
        match (runbook, reader.problems.is_empty()) {
            (Some(runbook), true) => Ok(runbook),
            _ => {
                let mut problems = reader.problems;
                problems.sort_by_key(|p| p.position.unwrap_or((usize::MAX, 0)));
                problems.dedup();
                Err(Problems(problems))
            }
        }
    }
}

/// What a list of runbooks shows of one, before it is planned: its name, how many steps, and
/// the variables it uses (each with its `[vars]` default), for the form that asks for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub name: String,
    pub steps: usize,
    pub vars: Vec<Variable>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub default: Option<String>,
}

impl Outline {
    /// Read a runbook's outline from its text; Err is the first problem, one line. Variables
    /// come in the order the file first uses them (`[vars]` defaults nobody uses last).
    pub fn read(source: &str) -> Result<Outline, String> {
        let table: toml::Table = source.parse().map_err(|e: toml::de::Error| {
            crate::tr!("runbook-outline-invalid", message = e.message().trim().replace('\n', " "))
        })?;
        let name = table.get("name").and_then(toml::Value::as_str).unwrap_or_default().to_string();
        let steps = table.get("steps").and_then(toml::Value::as_array);
        let defaults = table.get("vars").and_then(toml::Value::as_table);
        let mut used: Vec<String> = Vec::new();
        for step in steps.into_iter().flatten().filter_map(toml::Value::as_table) {
            for value in step.values().filter_map(toml::Value::as_str) {
                for name in uses(value) {
                    if !used.iter().any(|u| u == name) {
                        used.push(name.to_string());
                    }
                }
            }
        }
        if let Some(defaults) = defaults {
            used.extend(defaults.keys().filter(|k| !used.contains(k)).cloned().collect::<Vec<_>>());
        }
        let vars = used
            .into_iter()
            .map(|name| {
                let default =
                    defaults.and_then(|d| d.get(&name)).and_then(toml::Value::as_str).map(str::to_string);
                Variable { name, default }
            })
            .collect();
        Ok(Outline { name, steps: steps.map_or(0, Vec::len), vars })
    }
}

/// The `${name}`s a value uses.
fn uses(value: &str) -> impl Iterator<Item = &str> {
    value.split("${").skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

const TOP_KEYS: &[&str] = &["name", "region", "vars", "steps"];
const STEP_KEYS: &[&str] = &["op", "eni", "from", "to", "instance", "attach_type", "region"];

/// Which keys a step of each operation takes (besides `op` and `region`).
fn keys_of(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    // (required, optional)
    match kind {
        Kind::Move => (&["eni", "from", "to"], &["attach_type"]),
        Kind::Attach => (&["eni", "instance"], &["attach_type"]),
        Kind::Detach => (&["eni", "instance"], &[]),
    }
}

struct Reader<'s> {
    source: &'s str,
    file: String,
    problems: Vec<Problem>,
}

type Entry<'a, 'i> = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

impl Reader<'_> {
    fn at(&self, span: Range<usize>) -> (usize, usize) {
        line_column(self.source, span.start)
    }

    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        let position = Some(self.at(span));
        self.problems.push(Problem { file: self.file.clone(), position, message: message.into() });
    }

    fn runbook(&mut self, path: &Path, vars: &Vars, endpoints: &EndpointRule) -> Option<Runbook> {
        let source = self.source;
        let table = match DeTable::parse(source) {
            Ok(table) => table,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().replace('\n', " ");
                self.problem(span, tr!("rbf-not-toml", message = message));
                return None;
            }
        };
        let top = table.get_ref();
        for (key, _) in top.iter() {
            if !TOP_KEYS.contains(&key.get_ref().as_ref()) {
                let known = TOP_KEYS.join(", ");
                self.problem(
                    key.span(),
                    tr!("rbf-unknown-key", key = key.get_ref().to_string(), known = known),
                );
            }
        }
        let name = self.string(top, "name", "runbook").map(Spanned::into_inner).unwrap_or_default();
        let region = self.string(top, "region", "runbook");
        let vars = self.variables(top, vars);
        let steps = self.steps(top, region.as_ref(), &vars, endpoints);
        let mut digest = Sha256::new();
        digest.update(source.as_bytes());
        for (k, v) in &vars.values {
            digest.update(format!("\0{k}={v}").as_bytes());
        }
        Some(Runbook { name, path: path.to_path_buf(), digest: hex::encode(&digest.finalize()[..16]), steps })
    }

    /// A string value under `key`, or a problem when it is there and not a string.
    fn string(&mut self, table: &DeTable, key: &str, what: &str) -> Option<Spanned<String>> {
        let value = table.get(key)?;
        match value.get_ref().as_str() {
            Some(text) => Some(Spanned::new(value.span(), text.to_string())),
            None => {
                let kind = value.get_ref().type_str();
                self.problem(value.span(), tr!("rbf-not-a-string", what = what, key = key, kind = kind));
                None
            }
        }
    }

    fn variables(&mut self, top: &DeTable, given: &Vars) -> Variables {
        let mut values: Vars = BTreeMap::new();
        if let Some(table) = top.get("vars") {
            match table.get_ref().as_table() {
                Some(defaults) => {
                    for (key, value) in defaults.iter() {
                        let name = key.get_ref().to_string();
                        if !valid_var_name(&name) {
                            self.problem(key.span(), tr!("rbf-bad-variable-name", name = name.as_str()));
                        }
                        match value.get_ref().as_str() {
                            Some(text) => {
                                values.insert(name, text.to_string());
                            }
                            None => self
                                .problem(value.span(), tr!("rbf-variable-not-string", name = name.as_str())),
                        }
                    }
                }
                None => self.problem(table.span(), tr!("rbf-vars-not-table")),
            }
        }
        values.extend(given.iter().map(|(k, v)| (k.clone(), v.clone())));
        Variables { values, given: given.keys().cloned().collect(), used: BTreeSet::new() }
    }

    fn steps(
        &mut self,
        top: &DeTable,
        region: Option<&Spanned<String>>,
        vars: &Variables,
        endpoints: &EndpointRule,
    ) -> Vec<Step> {
        let Some(list) = top.get("steps") else {
            self.problem(0..0, tr!("rbf-no-steps"));
            return Vec::new();
        };
        let Some(array) = list.get_ref().as_array() else {
            self.problem(list.span(), tr!("rbf-steps-not-tables"));
            return Vec::new();
        };
        if array.len() > MAX_STEPS {
            self.problem(list.span(), tr!("rbf-too-many-steps", count = array.len(), most = MAX_STEPS));
            return Vec::new();
        }
        let mut vars = vars.clone();
        let mut steps = Vec::new();
        for (i, item) in array.iter().enumerate() {
            let Some(table) = item.get_ref().as_table() else {
                self.problem(item.span(), tr!("rbf-step-not-table", number = i + 1));
                continue;
            };
            if let Some(step) = self.step(i + 1, item.span(), table, region, &mut vars, endpoints) {
                steps.push(step);
            }
        }
        if array.is_empty() {
            self.problem(list.span(), tr!("rbf-empty"));
        }
        for name in vars.given.difference(&vars.used) {
            let message = tr!("rbf-unused-set", name = name.as_str());
            self.problems.push(Problem { file: self.file.clone(), position: None, message });
        }
        steps
    }

    fn step(
        &mut self,
        number: usize,
        span: Range<usize>,
        table: &DeTable,
        default_region: Option<&Spanned<String>>,
        vars: &mut Variables,
        endpoints: &EndpointRule,
    ) -> Option<Step> {
        let before = self.problems.len();
        let entries: Vec<Entry> = table.iter().collect();
        for (key, _) in &entries {
            if !STEP_KEYS.contains(&key.get_ref().as_ref()) {
                let known = STEP_KEYS.join(", ");
                let key_text = key.get_ref().to_string();
                self.problem(
                    key.span(),
                    tr!("rbf-unknown-step-key", key = key_text, number = number, known = known),
                );
            }
        }
        let Some(op) = self.string(table, "op", "step") else {
            if table.get("op").is_none() {
                self.problem(span.clone(), tr!("rbf-no-op", number = number));
            }
            return None;
        };
        let kind = match op.get_ref().as_str() {
            "move" => Kind::Move,
            "attach" => Kind::Attach,
            "detach" => Kind::Detach,
            other => {
                self.problem(op.span(), tr!("rbf-bad-op", op = other));
                return None;
            }
        };
        let (required, optional) = keys_of(kind);
        for (key, _) in &entries {
            let key_text = key.get_ref().as_ref();
            let fits = ["op", "region"].contains(&key_text)
                || required.contains(&key_text)
                || optional.contains(&key_text);
            if STEP_KEYS.contains(&key_text) && !fits {
                let takes = [required, optional].concat().join(", ");
                let kind = kind.to_string();
                self.problem(
                    key.span(),
                    tr!("rbf-key-not-taken", kind = kind, key = key_text, takes = takes),
                );
            }
        }
        let mut field = |reader: &mut Self, key: &str| -> Option<Spanned<String>> {
            let value = reader.string(table, key, "step")?;
            reader.substitute(&value, vars)
        };
        let mut values = BTreeMap::new();
        for key in required {
            match table.get(*key) {
                None => self.problem(
                    span.clone(),
                    tr!("rbf-missing-key", number = number, kind = kind.to_string(), key = *key),
                ),
                Some(_) => {
                    if let Some(v) = field(self, key) {
                        values.insert(*key, v);
                    }
                }
            }
        }
        let region = match table.get("region") {
            Some(_) => field(self, "region"),
            None => default_region.cloned(),
        };
        let attach_type = match table.get("attach_type").filter(|_| optional.contains(&"attach_type")) {
            Some(_) => {
                let value = field(self, "attach_type")?;
                match value.get_ref().parse::<AttachType>() {
                    Ok(attach_type) => Some(attach_type),
                    Err(_) => {
                        let other = value.get_ref();
                        self.problem(value.span(), tr!("rbf-bad-attach-type", value = other.as_str()));
                        None
                    }
                }
            }
            None => None,
        };
        let Some(region) = region else {
            if table.get("region").is_none() {
                self.problem(span.clone(), tr!("rbf-no-region", number = number));
            }
            return None;
        };
        if self.problems.len() > before {
            return None;
        }
        let text = |key: &str| values.get(key).map(|v| v.get_ref().clone()).unwrap_or_default();
        let input = match kind {
            Kind::Move => PlanInput {
                attach_type,
                ..PlanInput::move_between(region.get_ref(), &text("eni"), &text("from"), &text("to"))
            },
            Kind::Attach => PlanInput {
                attach_type,
                ..PlanInput::new(kind, region.get_ref(), &text("eni"), &text("instance"))
            },
            Kind::Detach => PlanInput::new(kind, region.get_ref(), &text("eni"), &text("instance")),
        };
        match Plan::new(&input, endpoints) {
            Ok(plan) => Some(Step { number, plan, position: self.at(span) }),
            Err(e) => {
                // Point at the value the error is about where it can be told.
                let blame = plan_error_key(&e, &input);
                let span = match blame {
                    Some("region") => region.span(),
                    Some(key) => values.get(key).map(|v| v.span()).unwrap_or(span),
                    None => span,
                };
                self.problem(span, tr!("rbf-step-error", number = number, error = e.to_string()));
                None
            }
        }
    }

    /// `${name}` replaced by its value; an unset or malformed variable is a problem at the value.
    fn substitute(&mut self, value: &Spanned<String>, vars: &mut Variables) -> Option<Spanned<String>> {
        let text = value.get_ref();
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                self.problem(value.span(), tr!("rbf-unclosed-variable", text = text.as_str()));
                return None;
            };
            let name = &after[..end];
            match vars.values.get(name) {
                Some(v) => {
                    vars.used.insert(name.to_string());
                    out.push_str(v);
                }
                None => {
                    self.problem(value.span(), tr!("rbf-unset-variable", name = name));
                    return None;
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(Spanned::new(value.span(), out))
    }
}

#[derive(Debug, Clone)]
struct Variables {
    values: Vars,
    given: BTreeSet<String>,
    used: BTreeSet<String>,
}

/// Which step key a plan error is about.
fn plan_error_key(error: &crate::plan::PlanError, input: &PlanInput) -> Option<&'static str> {
    use crate::plan::{EniId, InstanceId, PlanError};
    match error {
        PlanError::Region { .. } => Some("region"),
        PlanError::Id(_) if EniId::parse(&input.eni).is_err() => Some("eni"),
        PlanError::Id(_) if InstanceId::parse(&input.instance).is_err() => {
            Some(if input.kind == Kind::Move { "from" } else { "instance" })
        }
        PlanError::Id(_) | PlanError::SameInstance(_) => Some("to"),
        _ => None,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests;
