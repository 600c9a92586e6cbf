//! The render time budget. Tera has no loop limit of its own beyond `range`'s
//! 100 000 items, so nested loops in a project's template or chapter could run
//! for hours. Every render therefore runs on a thread of its own (a *runner*),
//! watched by the thread that asked for it: past [`RENDER_BUDGET`] the render
//! is abandoned with an error naming the template. Its runner is left to finish
//! on its own and never given another render; `build` exits, `serve` shows the
//! error.
//!
//! Handing each page to a runner and waiting for it cost more than rendering a
//! small page (two thread wake-ups per page: a quarter of `check`'s time at
//! 3,000 schools), so renders are handed over in batches ([`within_each`]): the
//! runner takes them in turn and records when each started, and the caller
//! wakes only when the whole batch is done, or when the render in progress has
//! run past its budget.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The time budget of one page or chapter render.
pub const RENDER_BUDGET: Duration = Duration::from_secs(30);

/// One render, answering `T` (a page's HTML or an error in Chinese naming it).
pub type Render<T> = Box<dyn FnOnce() -> T + Send>;

/// A finished render, or its panic.
type Outcome<T> = std::thread::Result<T>;

/// Run `render`, named `name` in its errors, within `budget`.
pub fn within(
    name: &str,
    budget: Duration,
    render: impl FnOnce() -> Result<String, String> + Send + 'static,
) -> Result<String, String> {
    let render: Render<Result<String, String>> = Box::new(render);
    within_each(budget, vec![(name.to_string(), render)])
        .pop()
        .unwrap_or_else(|| Err(internal_error(name)))
        .and_then(|out| out)
}

/// Run `renders` (each named for its errors) in order, each within `budget`,
/// and answer their outcomes in the same order. A render that panics is an
/// error naming it, not a crash. A render past its budget is an error; the
/// renders after it still run (on another runner).
pub fn within_each<T: Send + 'static>(
    budget: Duration,
    renders: Vec<(String, Render<T>)>,
) -> Vec<Result<T, String>> {
    let mut out = Vec::with_capacity(renders.len());
    let (names, renders): (Vec<String>, VecDeque<Render<T>>) = renders.into_iter().unzip();
    let mut pending = renders;
    while !pending.is_empty() {
        let batch = Arc::new(Batch {
            state: Mutex::new(State {
                queue: std::mem::take(&mut pending),
                results: Vec::new(),
                running: false,
                started: Instant::now(),
                finished: false,
                abandoned: false,
            }),
            done: Condvar::new(),
        });
        let theirs = batch.clone();
        let runner = match runners::start(Box::new(move || theirs.run())) {
            Ok(runner) => runner,
            Err(e) => {
                // The job was never run: its renders are still queued.
                let left = batch.lock().queue.len();
                out.extend(
                    names[out.len()..out.len() + left]
                        .iter()
                        .map(|name| Err(format!("{name}：无法开始渲染：{e}"))),
                );
                break;
            }
        };
        let mut state = batch.lock();
        loop {
            if state.finished {
                take_outcomes(&mut out, &mut state.results, &names);
                drop(state);
                // Its job is done: the runner may take the next.
                runners::release(runner);
                break;
            }
            // Only a render in progress counts against the budget: a runner
            // not yet scheduled on a busy machine is waited for.
            let waited = state.running.then(|| state.started.elapsed());
            if waited.is_some_and(|w| w >= budget) {
                // The runner is abandoned (never released): the render in
                // progress finishes on its own, and the rest are taken back.
                state.abandoned = true;
                take_outcomes(&mut out, &mut state.results, &names);
                out.push(Err(format!(
                    "{}：渲染超过 {} 秒仍未完成，已放弃（模板或章节中的循环可能过大）",
                    names[out.len()],
                    budget.as_secs()
                )));
                pending = std::mem::take(&mut state.queue);
                break;
            }
            state = batch
                .done
                .wait_timeout(state, budget - waited.unwrap_or_default())
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
    out
}

/// Move the outcomes of finished renders to `out`, a panic as an error naming its render.
fn take_outcomes<T>(
    out: &mut Vec<Result<T, String>>,
    done: &mut Vec<Outcome<T>>,
    names: &[String],
) {
    for outcome in done.drain(..) {
        let name = &names[out.len()];
        out.push(outcome.map_err(|_| internal_error(name)));
    }
}

fn internal_error(name: &str) -> String {
    format!("{name}：渲染时 junheng 内部出错（已记录在命令行窗口中），请把该信息报告给维护人员")
}

/// Renders handed to one runner, shared with the thread waiting for them.
struct Batch<T> {
    state: Mutex<State<T>>,
    /// Signalled once, when the runner has finished the whole batch.
    done: Condvar,
}

struct State<T> {
    /// The renders not started yet.
    queue: VecDeque<Render<T>>,
    /// The outcomes of those done, in order.
    results: Vec<Outcome<T>>,
    /// A render is in progress (taken from the queue, not finished).
    running: bool,
    /// When the render in progress started.
    started: Instant,
    finished: bool,
    /// The waiting thread gave up on the render in progress: the runner stops.
    abandoned: bool,
}

impl<T> Batch<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The runner's side: each render in turn, until none is left or the
    /// waiting thread gave up.
    fn run(&self) {
        loop {
            let render = {
                let mut state = self.lock();
                if state.abandoned {
                    return;
                }
                let Some(render) = state.queue.pop_front() else {
                    state.finished = true;
                    self.done.notify_one();
                    return;
                };
                state.running = true;
                state.started = Instant::now();
                render
            };
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(render));
            let mut state = self.lock();
            if state.abandoned {
                return;
            }
            state.results.push(outcome);
            state.running = false;
        }
    }
}

/// The threads renders run on. They are kept and reused (a new thread per
/// page cost more than some pages' render); only a runner whose render was
/// abandoned is never handed another job.
mod runners {
    use std::sync::mpsc::{channel, Sender};
    use std::sync::Mutex;

    pub type Job = Box<dyn FnOnce() + Send>;

    /// A runner waiting for its next job.
    pub struct Runner(Sender<Job>);

    static IDLE: Mutex<Vec<Runner>> = Mutex::new(Vec::new());

    /// Hand `job` to an idle runner, or to a new one when none is idle.
    pub fn start(mut job: Job) -> std::io::Result<Runner> {
        loop {
            let idle = IDLE.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some(runner) = idle else { break };
            match runner.0.send(job) {
                Ok(()) => return Ok(runner),
                // Its thread is gone: take the job back and try the next.
                Err(e) => job = e.0,
            }
        }
        let (tx, rx) = channel::<Job>();
        std::thread::Builder::new()
            .name("render".into())
            .stack_size(16 << 20)
            .spawn(move || {
                while let Ok(job) = rx.recv() {
                    job();
                }
            })?;
        tx.send(job)
            .map_err(|_| std::io::Error::other("渲染线程已退出"))?;
        Ok(Runner(tx))
    }

    /// Put a runner whose job is done back among the idle ones.
    pub fn release(runner: Runner) {
        IDLE.lock().unwrap_or_else(|e| e.into_inner()).push(runner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Page = Render<Result<String, String>>;

    fn ok(s: &'static str) -> Page {
        Box::new(move || Ok(s.to_string()))
    }

    #[test]
    fn a_render_past_its_budget_or_panicking_is_an_error() {
        let slow = within("slow.html", Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(2));
            Ok(String::new())
        });
        assert!(slow.unwrap_err().contains("slow.html：渲染超过"));
        let boom = within("boom.html", RENDER_BUDGET, || panic!("boom"));
        assert!(boom.unwrap_err().starts_with("boom.html："));
        assert_eq!(
            within("ok.html", RENDER_BUDGET, || Ok("x".into())),
            Ok("x".into())
        );
    }

    /// Run `middle` (named `name`) between two good renders in one batch:
    /// the good ones answer in their places, and `middle`'s error is returned.
    fn between_good_renders(budget: Duration, name: &str, middle: Page) -> String {
        let out = within_each(
            budget,
            vec![
                ("a.html".into(), ok("a")),
                (name.into(), middle),
                ("b.html".into(), ok("b")),
            ],
        );
        assert_eq!(out.len(), 3, "{out:?}");
        assert_eq!(out[0], Ok(Ok("a".into())));
        // The render after it ran (after a slow one: on another render thread).
        assert_eq!(out[2], Ok(Ok("b".into())));
        out[1].clone().unwrap_err()
    }

    #[test]
    fn a_batch_keeps_its_order_past_a_slow_render() {
        let slow: Page = Box::new(|| {
            std::thread::sleep(Duration::from_secs(3));
            Ok("late".into())
        });
        let late = between_good_renders(Duration::from_millis(500), "slow.html", slow);
        assert!(late.starts_with("slow.html：渲染超过"), "{late}");
    }

    #[test]
    fn a_batch_keeps_its_order_past_a_panicking_render() {
        // The budget of a real render: unwinding (with a backtrace printed)
        // may take a while on a busy machine.
        let boom: Page = Box::new(|| panic!("boom"));
        let boom = between_good_renders(RENDER_BUDGET, "boom.html", boom);
        assert!(
            boom.starts_with("boom.html：渲染时 junheng 内部出错"),
            "{boom}"
        );
    }

    #[test]
    fn each_render_has_its_own_budget() {
        // Five renders of 250 ms each take longer than one budget of 1 s
        // together, but none is past it alone.
        let step = || -> Page {
            Box::new(|| {
                std::thread::sleep(Duration::from_millis(250));
                Ok("x".into())
            })
        };
        let out = within_each(
            Duration::from_secs(1),
            (0..5).map(|n| (format!("{n}.html"), step())).collect(),
        );
        assert_eq!(out, vec![Ok(Ok("x".to_string())); 5]);
    }
}
