//! The runbook checked as a whole: each step's rules (`attach::preflight`, the same rules a single
//! command is checked by) against the world the steps before it leave. The described world is
//! carried forward step by step (an ENI moved is on its new instance for the next step, a slot
//! taken is taken), so two steps that each fit an instance's last free slot, an ENI moved and
//! then detached from where it was, the same ENI claimed twice, or an order that cannot work are
//! all refused before anything is sent.

use super::file::Step;
use super::world::{Described, Key};
use crate::api::actions::Attachment;
use crate::api::{AttachType, NetworkInterface};
use crate::attach::preflight::{self, Facts, Report, Rule};
use crate::plan::{InstanceId, Plan};
use serde::Serialize;
use std::collections::HashMap;

/// What the whole-runbook preflight says of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Every rule passes against the world the steps before leave.
    Run,
    /// Nothing to send: the ENI is already where the step puts it.
    AlreadyDone { by: Done },
    /// A rule fails: the runbook cannot run as written.
    Blocked(Blocked),
}

impl Verdict {
    /// The verdict in a few words, in the run's language (the plan's table, the TUI's).
    pub fn describe(&self) -> String {
        use crate::tr;
        match self {
            Verdict::Run => tr!("runbook-verdict-run"),
            Verdict::AlreadyDone { by: Done::World } => tr!("runbook-verdict-done-world"),
            Verdict::AlreadyDone { by: Done::LaterStep { step } } => {
                tr!("runbook-verdict-done-later", step = *step)
            }
            Verdict::AlreadyDone { by: Done::History { attempt } } => {
                tr!("runbook-verdict-done-history", attempt = *attempt)
            }
            Verdict::Blocked(b) => {
                let rule = b.rule.label();
                match (b.after_step, b.passes_alone) {
                    (Some(after), true) => tr!(
                        "runbook-verdict-blocked-after-alone",
                        step = after,
                        rule = rule,
                        reason = b.reason.as_str()
                    ),
                    (Some(after), false) => {
                        tr!(
                            "runbook-verdict-blocked-after",
                            step = after,
                            rule = rule,
                            reason = b.reason.as_str()
                        )
                    }
                    (None, true) => {
                        tr!("runbook-verdict-blocked-alone", rule = rule, reason = b.reason.as_str())
                    }
                    (None, false) => tr!("runbook-verdict-blocked", rule = rule, reason = b.reason.as_str()),
                }
            }
        }
    }
}

/// What shows a step is already carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Done {
    /// Its own rules: the ENI is where the step puts it (checked again when the step runs).
    World,
    /// The ENI is where a later step of its chain leaves it: this step and the ones between
    /// were carried out (by an earlier apply), so they are not run again.
    LaterStep { step: usize },
    /// The run being resumed carried it out (its history row says so).
    History { attempt: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub rule: Rule,
    pub reason: String,
    pub code: Option<String>,
    /// The step whose change the failed rule is about ("after step 2, …"); None when the world
    /// as it is now already fails it.
    pub after_step: Option<usize>,
    /// True when the step passes against the world as it is now: only the runbook's own
    /// earlier steps make it fail.
    pub passes_alone: bool,
    pub advice: String,
}

/// One step, judged.
#[derive(Debug, Clone, Serialize)]
pub struct StepCheck {
    pub step: usize,
    pub verdict: Verdict,
    /// Every rule's verdict against the simulated world.
    pub report: Report,
    /// Earlier steps this one must wait for (they touch the same ENI or instance).
    pub waits_for: Vec<usize>,
}

/// The whole runbook, judged.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub steps: Vec<StepCheck>,
}

impl Check {
    pub fn runnable(&self) -> bool {
        self.steps.iter().all(|s| !matches!(s.verdict, Verdict::Blocked(_)))
    }

    pub fn blocked(&self) -> impl Iterator<Item = (&StepCheck, &Blocked)> {
        self.steps.iter().filter_map(|s| match &s.verdict {
            Verdict::Blocked(b) => Some((s, b)),
            _ => None,
        })
    }
}

/// Judge every step in file order against the world carried forward. `done` holds the steps a
/// resumed run already carried out (step → its history row).
pub fn check(steps: &[Step], described: &Described, done: &HashMap<usize, i64>) -> Check {
    let mut world = Simulated::new(described);
    let order = dependencies(steps);
    let ahead = done_by_later_steps(steps, described);
    let mut checks = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let report = preflight::check(&step.plan, &world.facts(&step.plan));
        let settled = done
            .get(&step.number)
            .map(|attempt| Done::History { attempt: *attempt })
            .or_else(|| ahead.get(&step.number).map(|later| Done::LaterStep { step: *later }));
        let verdict = if let Some(by) = settled {
            Verdict::AlreadyDone { by }
        } else if report.already_done().is_some() {
            Verdict::AlreadyDone { by: Done::World }
        } else if let Some(failed) = report.failures().next() {
            Verdict::Blocked(blocked(steps, i, failed, &world, described))
        } else {
            world.apply(&step.plan, step.number);
            Verdict::Run
        };
        checks.push(StepCheck { step: step.number, verdict, report, waits_for: order[i].clone() });
    }
    Check { steps: checks }
}

fn blocked(
    steps: &[Step],
    i: usize,
    failed: &preflight::Verdict,
    world: &Simulated,
    described: &Described,
) -> Blocked {
    let plan = &steps[i].plan;
    let alone = preflight::check(plan, &Simulated::new(described).facts(plan));
    let passes_alone = alone.passed();
    let after_step = world.changed_by(plan, failed.rule);
    let advice = match later_step_that_unblocks(steps, i, world) {
        Some(later) => crate::tr!("runbook-advice-reorder", later = later, step = steps[i].number),
        None => match (after_step, &failed.advice) {
            (Some(earlier), _) => crate::tr!("runbook-advice-conflict", step = earlier),
            (None, Some(advice)) => advice.to_string(),
            (None, None) => crate::tr!("runbook-advice-fix"),
        },
    };
    Blocked {
        rule: failed.rule,
        reason: failed.reason.clone(),
        code: failed.code.clone(),
        after_step,
        passes_alone,
        advice,
    }
}

/// A later step that, run first, lets step `i` pass: the order cannot work, the steps can.
fn later_step_that_unblocks(steps: &[Step], i: usize, world: &Simulated) -> Option<usize> {
    steps[i + 1..].iter().find_map(|later| {
        let first = preflight::check(&later.plan, &world.facts(&later.plan));
        if !first.passed() || first.already_done().is_some() {
            return None;
        }
        let mut then = world.clone();
        then.apply(&later.plan, later.number);
        let report = preflight::check(&steps[i].plan, &then.facts(&steps[i].plan));
        (report.passed() && report.already_done().is_none()).then_some(later.number)
    })
}

/// Steps an earlier apply already carried out, told by the world: for each ENI, the steps on it
/// form a chain of placements (where the first step finds it, then where each step leaves it).
/// When the ENI, settled, is where step k of its chain leaves it, and nowhere the chain passes
/// earlier, steps 1..=k of the chain are done (step → k's number). A chain that comes back to
/// where it started is taken as not started: only the history can say otherwise. Step k itself
/// is left to its own rules.
fn done_by_later_steps(steps: &[Step], described: &Described) -> HashMap<usize, usize> {
    let mut chains: HashMap<Key, Vec<&Step>> = HashMap::new();
    for step in steps {
        chains.entry((step.plan.region.clone(), step.plan.eni.to_string())).or_default().push(step);
    }
    let mut done = HashMap::new();
    for (key, chain) in chains {
        let Some(eni) = described.enis.get(&key).filter(|e| e.is_settled()) else { continue };
        let now = attached_to(eni);
        let start = chain[0].plan.source().map(InstanceId::as_str);
        let places = chain.iter().map(|s| s.plan.destination().map(InstanceId::as_str));
        let states: Vec<Option<&str>> = std::iter::once(start).chain(places).collect();
        let Some(reached) = states.iter().position(|s| *s == now) else { continue };
        if reached == 0 {
            continue;
        }
        // The step that leaves it there is judged by its own rules (already done, checked
        // again when it runs); the ones before it cannot be, the ENI having moved on.
        let last = chain[reached - 1].number;
        for step in &chain[..reached - 1] {
            done.insert(step.number, last);
        }
    }
    done
}

/// For each step, the earlier steps it must run after; it runs beside every other step.
///
/// - The nearest earlier step on its ENI: an ENI's steps run in file order (each one moves it
///   from where the one before leaves it).
/// - When it takes a slot on an instance (an attach, a move's destination): every earlier step
///   that frees a slot there (a detach, a move's source). The whole-plan preflight may have
///   counted on that slot, and only file order guarantees it is free when this step is sent.
///
/// Nothing else on one instance is ordered. The service's rules constrain the ENI's own state
/// (an ENI in the middle of a change takes no other) and the instance's (RUNNING or STOPPED,
/// which no ENI operation changes), never another ENI of the same instance in flight; and the
/// preflight counted every slot taken: steps that only take slots (or only free them) on an
/// instance fit in any order, and a slot freed later only makes room.
pub fn dependencies(steps: &[Step]) -> Vec<Vec<usize>> {
    let mut last_on_eni: HashMap<Key, usize> = HashMap::new();
    let mut freeing: HashMap<Key, Vec<usize>> = HashMap::new();
    let at = |plan: &Plan, id: &str| (plan.region.clone(), id.to_string());
    steps
        .iter()
        .map(|step| {
            let plan = &step.plan;
            let eni = at(plan, plan.eni.as_str());
            let mut waits: Vec<usize> = last_on_eni.get(&eni).copied().into_iter().collect();
            if let Some(to) = plan.destination() {
                waits.extend(freeing.get(&at(plan, to.as_str())).into_iter().flatten());
            }
            waits.sort_unstable();
            waits.dedup();
            last_on_eni.insert(eni, step.number);
            if let Some(from) = plan.source() {
                freeing.entry(at(plan, from.as_str())).or_default().push(step.number);
            }
            waits
        })
        .collect()
}

/// The ENI and the instances a plan touches, as keys ("eni-…" and "ins-…" never collide).
pub fn touched(plan: &Plan) -> impl Iterator<Item = Key> + '_ {
    let instances = [plan.source(), plan.destination()].into_iter().flatten().map(InstanceId::as_str);
    std::iter::once(plan.eni.as_str()).chain(instances).map(|id| (plan.region.clone(), id.to_string()))
}

/// The described world, changed by each step that would run.
#[derive(Debug, Clone)]
struct Simulated<'d> {
    described: &'d Described,
    enis: HashMap<Key, NetworkInterface>,
    /// The step that last changed an ENI (where it is) or an instance (its slots).
    changed: HashMap<Key, usize>,
}

impl<'d> Simulated<'d> {
    fn new(described: &'d Described) -> Self {
        Simulated { described, enis: described.enis.clone(), changed: HashMap::new() }
    }

    fn facts(&self, plan: &Plan) -> Facts {
        let region = &plan.region;
        let instances = [plan.source(), plan.destination()]
            .into_iter()
            .flatten()
            .filter_map(|id| self.described.instances.get(&(region.clone(), id.to_string())).cloned())
            .collect();
        let destination = plan.destination().map(|to| (region.clone(), to.to_string()));
        let on_destination: Vec<&NetworkInterface> = match &destination {
            Some((r, to)) => self
                .enis
                .iter()
                .filter(|((er, _), e)| er == r && attached_to(e) == Some(to.as_str()))
                .map(|(_, e)| e)
                .collect(),
            None => Vec::new(),
        };
        Facts {
            eni: self.enis.get(&(region.clone(), plan.eni.to_string())).cloned(),
            instances,
            limit: destination.and_then(|k| self.described.limits.get(&k).cloned()),
            attached_to_destination: on_destination.len(),
            attached_extended: on_destination
                .iter()
                .filter(|e| e.attach_type == Some(AttachType::Extended.code()))
                .count(),
        }
    }

    /// The world once `plan` is carried out.
    fn apply(&mut self, plan: &Plan, step: usize) {
        let Some(eni) = self.enis.get_mut(&(plan.region.clone(), plan.eni.to_string())) else { return };
        eni.attachment = plan.destination().map(|to| Attachment {
            instance_id: to.to_string(),
            device_index: None,
            attach_time: None,
        });
        eni.attach_type = plan.destination().map(|_| plan.attach_type().unwrap_or_default().code());
        eni.state = "AVAILABLE".into();
        for k in touched(plan) {
            self.changed.insert(k, step);
        }
    }

    /// The step that changed what `rule` looked at for `plan`.
    fn changed_by(&self, plan: &Plan, rule: Rule) -> Option<usize> {
        let region = plan.region.clone();
        let id = match rule {
            Rule::EniFree | Rule::EniOnSource | Rule::EniAvailable => plan.eni.to_string(),
            Rule::FreeEniSlot => plan.destination()?.to_string(),
            _ => return None,
        };
        self.changed.get(&(region, id)).copied()
    }
}

fn attached_to(eni: &NetworkInterface) -> Option<&str> {
    eni.attachment.as_ref().map(|a| a.instance_id.as_str()).filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests;
