//! The command line: clap definitions and the dispatch to one module per command. No model
//! maths here.
//!
//! - [`run`], [`sweep`]: simulate and write an output folder;
//! - [`folder`]: `merge` and `plot`, on folders already written;
//! - [`classroom`]: `explain`, `animate` and `compare`;
//! - [`validate`], [`show`] (`list` and `show`), [`new`], [`man`] (`completions` and `man`);
//! - [`common`]: what every command uses.

mod classroom;
pub mod common;
mod discover;
mod folder;
mod man;
mod new;
mod run;
mod show;
pub mod sweep;
mod validate;

pub use common::{progress_bar, shell_word, terminal_width, wrap};

use crate::error::{Error, Result};
use crate::report::plot::Theme;
use crate::scenario::{self, Scenario};
use clap::{CommandFactory, Parser, Subcommand, ValueHint};
use common::options;
use std::path::PathBuf;

/// Simulate how couples' attachment styles drive the pursue-withdraw cycle.
#[derive(Debug, Parser)]
#[command(name = "dyad", version, about, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Start with:  dyad list   then   dyad run anxious-avoidant")]
pub struct Cli {
    /// No progress bar.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Worker threads, 1 to 1024 (default: all cores, or RAYON_NUM_THREADS). Results do not depend on it.
    #[arg(short = 'j', long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    /// Figure style: `standard`, or `projector` for larger text and thicker lines.
    #[arg(long, global = true, value_name = "THEME", default_value = "standard", value_parser = ["standard", "projector"])]
    pub theme: String,
    /// Skip drawing figures and report.html (for large batch work).
    #[arg(long, global = true)]
    pub no_plots: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// One run of a scenario, as `explain` and `animate` take it: replicate 0 of the seed.
#[derive(Debug, clap::Args)]
pub struct OneRun {
    /// A built-in scenario name, or a scenario file's path (ending in .toml, or ./FILE).
    #[arg(value_hint = ValueHint::FilePath)]
    pub scenario: String,
    /// Master seed (default: the scenario's); the run shown is replicate 0 of this seed.
    #[arg(long, allow_hyphen_values = true, value_name = "N")]
    pub seed: Option<String>,
    /// Only the first N steps (below 180, lower outcome.horizon_window too with --set).
    #[arg(long, allow_hyphen_values = true, value_name = "N")]
    pub steps: Option<String>,
    /// Override any value of the scenario, as for `run`.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

impl OneRun {
    fn load(self) -> Result<Scenario> {
        scenario::load(&self.scenario, &options(&[("seed", self.seed), ("steps", self.steps)], &self.set)?)
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario: replicates in parallel, then runs.csv, trajectory.csv and summary.json.
    Run {
        /// A built-in scenario name (see `dyad list`), or a scenario file's path (ending in .toml, or ./FILE).
        #[arg(value_hint = ValueHint::FilePath)]
        scenario: String,
        /// Output folder (default: outputs/<scenario name>/).
        #[arg(short, long, value_hint = ValueHint::DirPath)]
        out: Option<PathBuf>,
        /// Master seed (same as --set seed=N).
        #[arg(long, allow_hyphen_values = true, value_name = "N")]
        seed: Option<String>,
        /// Number of replicates (same as --set replicates=N).
        #[arg(short = 'n', long, allow_hyphen_values = true, value_name = "N")]
        replicates: Option<String>,
        /// Steps per run (same as --set steps=N).
        #[arg(long, allow_hyphen_values = true, value_name = "N")]
        steps: Option<String>,
        /// Override any value of the scenario by its dotted path, e.g. partner.a.anxiety=0.7.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
    },
    /// Sweep a parameter grid or design: many points, many replicates each, one sweep.csv.
    Sweep {
        /// A sweep file (see docs/SWEEPS.md and scenarios/sweeps/).
        #[arg(value_hint = ValueHint::FilePath)]
        sweep: PathBuf,
        /// Output folder (default: outputs/<sweep name>/, or outputs/<name>-shard-K-of-N/).
        #[arg(short, long, value_hint = ValueHint::DirPath)]
        out: Option<PathBuf>,
        /// Run only shard K of N (points p with p % N == K - 1); merge the folders with `dyad merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Continue the unfinished sweep in the output folder.
        #[arg(long)]
        resume: bool,
        /// Start without asking, even when the estimate is long.
        #[arg(short, long)]
        yes: bool,
        /// Also write per-point mean trajectories of these variables, e.g. trust_a,exhaustion_a.
        #[arg(long, value_name = "VARS")]
        trajectories: Option<String>,
    },
    /// Which parameters matter: Sobol indices or Morris screening over a sweep (docs/SENSITIVITY.md).
    Sensitivity {
        /// A sensitivity file: a base scenario, [[factor]] ranges, outputs and method = "sobol" or "morris".
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
        /// Output folder (default: outputs/<name>/, or outputs/<name>-shard-K-of-N/).
        #[arg(short, long, value_hint = ValueHint::DirPath)]
        out: Option<PathBuf>,
        /// Run only shard K of N of the design's points; `dyad merge` joins and analyses them.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Continue the unfinished analysis in the output folder.
        #[arg(long)]
        resume: bool,
        /// Start without asking, even when the estimate is long.
        #[arg(short, long)]
        yes: bool,
    },
    /// Find where in parameter space an outcome concentrates (PRIM) in a sweep folder.
    Discover {
        /// An output folder of `dyad sweep`, `dyad sensitivity` or `dyad merge`.
        #[arg(value_hint = ValueHint::DirPath)]
        dir: PathBuf,
        /// The outcome: risk (escalated or dissolved), escalated, dissolved, settled, disengaged or cycling.
        #[arg(long, default_value = "risk")]
        outcome: String,
        /// Look for points whose share is above this (0 to 1), instead of weighing each point by its share.
        #[arg(long, value_name = "SHARE")]
        above: Option<f64>,
        /// The least share of all cases the chosen box must hold.
        #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
        min_coverage: f64,
        /// Share of the box peeled away at each step.
        #[arg(long, default_value_t = 0.05)]
        alpha: f64,
        /// The smallest box, as a share of the points.
        #[arg(long, default_value_t = 0.05, value_name = "SHARE")]
        min_mass: f64,
    },
    /// Merge the output folders of a sharded sweep into one sweep.csv.
    Merge {
        /// The shard folders.
        #[arg(required = true, value_hint = ValueHint::DirPath)]
        dirs: Vec<PathBuf>,
        /// Where to write the merged sweep.csv and sweep.json.
        #[arg(short, long, required = true, value_hint = ValueHint::DirPath)]
        out: PathBuf,
    },
    /// Redraw the figures and report.html of a run or sweep output folder from its CSV files.
    Plot {
        /// An output folder of `dyad run` or `dyad sweep`.
        #[arg(value_hint = ValueHint::DirPath)]
        dir: PathBuf,
    },
    /// Tell one run of a scenario as a short story, at its turning points.
    Explain {
        /// The run to tell.
        #[command(flatten)]
        run: OneRun,
    },
    /// Write an animated GIF of one run, for slides.
    Animate {
        /// The run to animate.
        #[command(flatten)]
        run: OneRun,
        /// The GIF to write (default: outputs/<scenario name>/animation.gif).
        #[arg(short, long, value_hint = ValueHint::FilePath)]
        out: Option<PathBuf>,
    },
    /// Run two to four scenarios and show them side by side: one figure, one table.
    Compare {
        /// Two to four built-in scenario names or scenario files' paths.
        #[arg(required = true, num_args = 2..=4, value_hint = ValueHint::FilePath)]
        scenarios: Vec<String>,
        /// Output folder (default: outputs/compare-<first>-<second>...).
        #[arg(short, long, value_hint = ValueHint::DirPath)]
        out: Option<PathBuf>,
        /// Master seed for every scenario (default: each scenario's own).
        #[arg(long, allow_hyphen_values = true, value_name = "N")]
        seed: Option<String>,
        /// Replicates per scenario (default: each scenario's own).
        #[arg(short = 'n', long, allow_hyphen_values = true, value_name = "N")]
        replicates: Option<String>,
    },
    /// Serve the classroom page and its JSON API on this computer (docs/SERVE.md); Ctrl-C stops it.
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on: 127.0.0.1 for this computer only, 0.0.0.0 to let others on the network in.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output: `dyad man > dyad.1`; with `--dir`, write
    /// it and one page per command (`dyad-run.1`, ...), which it refers to, into a folder.
    Man {
        /// Write `dyad.1` and every `dyad-COMMAND.1` into this folder instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Check scenario or sweep files and report every problem; change nothing.
    Validate {
        /// Scenario or sweep files, or built-in scenario names.
        #[arg(required = true, value_hint = ValueHint::FilePath)]
        files: Vec<PathBuf>,
    },
    /// List the built-in scenarios, one line each.
    List,
    /// Print a built-in scenario's TOML, teaching notes included (redirect it to start a file).
    Show {
        /// A built-in scenario name (or a .toml scenario file).
        name: String,
    },
    /// Write a scenario file in which every key is explained, to edit and run.
    New {
        /// The file to write.
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
        /// Start from this built-in scenario or .toml file (default: a generic couple).
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Parses the command line, runs it and returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => 0,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Write { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The most worker threads `--threads` starts. More cannot be faster than one per core, and
/// thousands take seconds to minutes just to start; results never depend on the count.
pub const MAX_THREADS: usize = 1024;

fn too_many_threads(n: usize) -> Error {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    Error::BadArgument(format!(
        "--threads {n} is more than {MAX_THREADS}, the most dyad starts\n  help: the results do not depend on the thread count; this machine has {cores} cores, and more threads than cores gain nothing (the default is one per core)"
    ))
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let pool = match cli.threads {
        Some(0) => return Err(Error::BadArgument("--threads must be at least 1".into())),
        Some(n) if n > MAX_THREADS => return Err(too_many_threads(n)),
        Some(n) => rayon::ThreadPoolBuilder::new().num_threads(n).build(),
        None => rayon::ThreadPoolBuilder::new().build(),
    }
    .map_err(|e| Error::BadArgument(format!("cannot start worker threads: {e}")))?;
    let quiet = cli.quiet;
    let plots = (!cli.no_plots).then(|| Theme::named(&cli.theme).unwrap_or(Theme::STANDARD));
    let theme = plots.unwrap_or(Theme::STANDARD);
    pool.install(|| match cli.command {
        Command::Run { scenario, out, seed, replicates, steps, set } => {
            let named = [("seed", seed), ("replicates", replicates), ("steps", steps)];
            run::command(&scenario, out, named, &set, quiet, plots)
        }
        Command::Sweep { sweep, out, shard, resume, yes, trajectories } => {
            sweep::command(&sweep, out, shard.as_deref(), resume, trajectories.as_deref(), yes, quiet, plots)
        }
        Command::Sensitivity { file, out, shard, resume, yes } => {
            sweep::sensitivity(&file, out, shard.as_deref(), resume, yes, quiet, plots)
        }
        Command::Discover { dir, outcome, above, min_coverage, alpha, min_mass } => {
            let opts = discover::Options { outcome: &outcome, above, min_coverage, alpha, min_mass };
            discover::command(&dir, &opts, plots)
        }
        Command::Merge { dirs, out } => folder::merge(&dirs, &out, plots),
        Command::Plot { dir } => folder::plot(&dir, theme),
        Command::Explain { run } => classroom::explain(&run.load()?),
        Command::Animate { run, out } => classroom::animate(&run.load()?, out, theme),
        Command::Compare { scenarios, out, seed, replicates } => {
            classroom::compare(&scenarios, out, seed, replicates, theme)
        }
        Command::Serve { port, host, open } => {
            crate::serve::command(&host, port, open, cli.threads.unwrap_or(0))
        }
        Command::Completions { shell } => man::completions(shell, Cli::command()),
        Command::Man { dir } => man::man(Cli::command(), dir.as_deref()),
        Command::Validate { files } => validate::command(&files),
        Command::List => show::list(),
        Command::Show { name } => show::show(&name),
        Command::New { file, from, force } => new::command(&file, from.as_deref(), force),
    })
}
