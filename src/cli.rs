//! The command line: clap definitions, progress bars and glue. No model maths here.

use crate::engine;
use crate::error::{Error, Result};
use crate::output::{Commit, OutputFolder, OutputSet};
use crate::report::folder::Drawing;
use crate::report::plot::Theme;
use crate::report::{self, json::RunInfo};
use crate::scenario::{self, Override, Scenario, builtin, template};
use clap::{Parser, Subcommand, ValueHint};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    pool.install(|| match cli.command {
        Command::Run { scenario, out, seed, replicates, steps, set } => {
            let mut overrides = Vec::new();
            for (key, v) in [("seed", seed), ("replicates", replicates), ("steps", steps)] {
                if let Some(v) = v {
                    overrides.push(Override::option(&format!("--{key}"), key, &v));
                }
            }
            for s in &set {
                overrides.push(s.parse()?);
            }
            run_command(&scenario, out, &overrides, quiet, plots)
        }
        Command::Sweep { sweep, out, shard, resume, yes, trajectories } => {
            let shard = shard.as_deref().map(crate::sweep::parse_shard).transpose()?;
            let trajectories = trajectories
                .as_deref()
                .map(crate::sweep::runner::parse_variables)
                .transpose()?
                .unwrap_or_default();
            let opts = crate::sweep::runner::RunOptions { shard, resume, trajectories };
            crate::cli_sweep::sweep_command(&sweep, out, &opts, yes, quiet, plots)
        }
        Command::Merge { dirs, out } => {
            let folder = OutputFolder::open(&out)?;
            crate::sweep::merge::merge(&dirs, folder.staging())?;
            let files = folder.commit(Commit::Replace)?;
            let list: Vec<String> = files.iter().map(|f| format!("  {}", f.display())).collect();
            stdout_line(&format!(
                "merged {} shards into {}
{}
",
                dirs.len(),
                out.display(),
                list.join("\n")
            ))
        }
        Command::Plot { dir } => {
            if !dir.is_dir() {
                return Err(Error::BadArgument(format!(
                    "{} is not an output folder of dyad\n  help: give the folder a `dyad run` or `dyad sweep` wrote",
                    dir.display()
                )));
            }
            let folder = OutputFolder::open(&dir)?;
            let drawing = draw(&dir, folder.staging(), plots.unwrap_or(Theme::STANDARD))?;
            folder.commit(Commit::Add)?;
            stdout_line(&format!(
                "redrew {} figure{} and report.html in {}\n",
                drawing.figures.len(),
                if drawing.figures.len() == 1 { "" } else { "s" },
                dir.display()
            ))
        }
        Command::Explain { run } => {
            let sc = run.load()?;
            stdout_line(&crate::classroom::narrate::explain(&sc, 0, terminal_width()))
        }
        Command::Animate { run, out } => {
            let sc = run.load()?;
            let path = out.unwrap_or_else(|| Path::new("outputs").join(&sc.name).join("animation.gif"));
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.into(), source })?;
            }
            let theme = plots.unwrap_or(Theme::STANDARD);
            let a = crate::classroom::animate::animate(&sc, 0, &path, &theme)?;
            stdout_line(&format!(
                "wrote {} ({} frames, {}x{} px): {} and {} over {} day{}\n",
                path.display(),
                a.frames,
                a.size.0,
                a.size.1,
                sc.partner.a.name,
                sc.partner.b.name,
                sc.steps,
                if sc.steps == 1 { "" } else { "s" }
            ))
        }
        Command::Compare { scenarios, out, seed, replicates } => {
            let opts = options(&[("seed", seed), ("replicates", replicates)], &[])?;
            let loaded = scenarios.iter().map(|s| scenario::load(s, &opts)).collect::<Result<Vec<_>>>()?;
            let names: Vec<&str> = loaded.iter().map(|s| s.name.as_str()).collect();
            let dir =
                out.unwrap_or_else(|| Path::new("outputs").join(format!("compare-{}", names.join("-"))));
            let theme = plots.unwrap_or(Theme::STANDARD);
            let folder = OutputFolder::open(&dir)?;
            let c = crate::classroom::compare::compare(&loaded, folder.staging(), &theme)?;
            folder.commit(Commit::Replace)?;
            // In the order compare lists them, at their final places.
            let files: Vec<String> = c
                .files
                .iter()
                .filter_map(|f| f.file_name())
                .map(|n| format!("  {}", dir.join(n).display()))
                .collect();
            stdout_line(&format!("{}\nFiles\n{}\n", c.table, files.join("\n")))
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "dyad", &mut out);
            stdout_bytes(&out)
        }
        Command::Man { dir: None } => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut out)
                .map_err(|source| Error::Write { path: "standard output".into(), source })?;
            stdout_bytes(&out)
        }
        Command::Man { dir: Some(dir) } => {
            std::fs::create_dir_all(&dir).map_err(|source| Error::Write { path: dir.clone(), source })?;
            clap_mangen::generate_to(<Cli as clap::CommandFactory>::command(), &dir)
                .map_err(|source| Error::Write { path: dir.clone(), source })?;
            stdout_line(&format!("wrote dyad.1 and a page per command into {}\n", dir.display()))
        }
        Command::Validate { files } => validate(&files),
        Command::List => list(),
        Command::Show { name } => show(&name),
        Command::New { file, from, force } => new(&file, from.as_deref(), force),
    })
}

/// `--seed`, `--steps`, `--replicates` style options and `--set` values as overrides.
fn options(named: &[(&str, Option<String>)], set: &[String]) -> Result<Vec<Override>> {
    let mut overrides: Vec<Override> = named
        .iter()
        .filter_map(|(key, v)| v.as_ref().map(|v| Override::option(&format!("--{key}"), key, v)))
        .collect();
    for s in set {
        overrides.push(s.parse()?);
    }
    Ok(overrides)
}

/// The terminal's width for wrapping text (80 when not a terminal), at most 100.
pub fn terminal_width() -> usize {
    terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0)).clamp(40, 100)
}

fn stdout_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|source| Error::Write { path: "standard output".into(), source })
}

pub(crate) fn stdout_line(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|source| Error::Write { path: "standard output".into(), source })
}

/// A progress bar on stderr, hidden with `--quiet` or when stderr is not a terminal.
pub fn progress_bar(len: u64, quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let template = format!("{{spinner}} [{{bar:32}}] {{pos}}/{{len}} {what}  {{rate}}  ETA {{eta}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        // A whole number a second ("18197/s"), not indicatif's "18,197.0979/s".
        let style =
            style.with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            });
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}

/// Draws the figures and report of the output folder `from` into `to` (its staging folder, or
/// the same folder) and records the drawing time in its JSON, written into `to`.
pub(crate) fn draw(from: &Path, to: &Path, theme: Theme) -> Result<Drawing> {
    let drawing = crate::report::folder::draw_folder(from, to, &theme)?;
    let json = if from.join("sweep.json").exists() || to.join("sweep.json").exists() {
        "sweep.json"
    } else {
        "summary.json"
    };
    let path = if to.join(json).exists() { to.join(json) } else { from.join(json) };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
    if let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&text) {
        value["plot_time_seconds"] = serde_json::json!(drawing.seconds);
        let mut files = OutputSet::new(to)?;
        files.write(json, |w| {
            serde_json::to_writer_pretty(&mut *w, &value)
                .map_err(|e| Error::Encode { what: json.into(), message: e.to_string() })?;
            writeln!(w).map_err(|source| Error::Write { path: json.into(), source })
        })?;
        files.commit()?;
    }
    Ok(drawing)
}

fn run_command(
    spec: &str,
    out: Option<PathBuf>,
    overrides: &[Override],
    quiet: bool,
    plots: Option<Theme>,
) -> Result<()> {
    let sc = scenario::load(spec, overrides)?;
    let out_dir = out.unwrap_or_else(|| Path::new("outputs").join(&sc.name));
    // Taken before any work: a second writer is refused at once.
    let folder = OutputFolder::open(&out_dir)?;
    let memory = engine::memory_estimate(&sc);
    if memory > 5e8 && !quiet {
        eprintln!(
            "note: this run keeps about {:.1} GB in memory ({} steps, {} replicates)",
            memory / 1e9,
            sc.steps,
            sc.replicates
        );
    }
    let pb = progress_bar(u64::from(sc.replicates), quiet, "replicates");
    let started = Instant::now();
    let result = engine::run_scenario(&sc, &|n| pb.inc(n));
    let seconds = started.elapsed().as_secs_f64();
    pb.finish_and_clear();
    let threads = rayon::current_num_threads();
    let info = RunInfo { command: reproduce_command(spec, &sc, overrides), threads, wall_seconds: seconds };
    let mut files = OutputSet::new(folder.staging())?;
    let kinds: Vec<&str> = sc.intervention.iter().map(|iv| iv.kind.name()).collect();
    files.write("runs.csv", |w| report::csv::write_runs(w, &result.runs, &kinds, sc.model.version))?;
    files.write("trajectory.csv", |w| {
        report::csv::write_trajectory(w, &result.trajectory, sc.model.version)
    })?;
    let curve = result.survival(sc.steps);
    files.write("survival.csv", |w| report::csv::write_survival(w, &curve))?;
    files.write("summary.json", |w| report::json::write_summary(w, &sc, &result, &info))?;
    files.commit()?;
    let mut text = report::terminal::summary(&sc, &result, &out_dir, seconds, threads);
    if let Some(theme) = plots {
        let drawing = draw(folder.staging(), folder.staging(), theme)?;
        let stems: Vec<&str> = drawing.figures.iter().map(|f| f.stem.as_str()).collect();
        text.push_str(&format!("  {}.png/.svg   figures\n", stems.join(", ")));
        text.push_str("  report.html      everything on one page: open it in a browser\n");
    }
    folder.commit(Commit::Replace)?;
    stdout_line(&text)
}

/// Quotes a word for a POSIX shell when it holds anything but plain characters.
pub fn shell_word(word: &str) -> String {
    let plain =
        !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

fn reproduce_command(spec: &str, sc: &Scenario, overrides: &[Override]) -> String {
    let mut cmd = format!("dyad run {}", shell_word(spec));
    for o in overrides.iter().filter(|o| !matches!(o.path.as_str(), "seed" | "replicates" | "steps")) {
        cmd.push_str(&format!(" --set {}", shell_word(&format!("{}={}", o.path, o.value))));
    }
    cmd.push_str(&format!(" --seed {} --replicates {} --steps {}", sc.seed, sc.replicates, sc.steps));
    cmd
}

fn validate(files: &[PathBuf]) -> Result<()> {
    let mut failed = Vec::new();
    for file in files {
        let spec = file.to_string_lossy();
        let is_file = matches!(scenario::spec::Spec::parse(&spec), scenario::spec::Spec::File(_));
        let checked = if is_file && is_sweep_file(file) {
            crate::sweep::load(file).map(|s| {
                format!("sweep `{}`, {} points x {} replicates", s.name, s.points.len(), s.replicates)
            })
        } else {
            scenario::load(&spec, &[]).map(|sc| {
                format!("scenario `{}`, {} replicates x {} steps", sc.name, sc.replicates, sc.steps)
            })
        };
        match checked {
            Ok(what) => stdout_line(&format!("{}: ok ({what})\n", file.display()))?,
            Err(e) => {
                eprintln!("error: {e}");
                failed.push(file.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::BadArgument(format!(
            "{} of {} files are not valid: {}",
            failed.len(),
            files.len(),
            failed.join(", ")
        )))
    }
}

/// Whether a file is a sweep file: it has a `base` scenario or `[[axis]]` tables.
fn is_sweep_file(file: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(file) else { return false };
    match toml::from_str::<toml::Table>(&text) {
        Ok(t) => t.contains_key("base") || t.contains_key("axis"),
        Err(_) => text.lines().any(|l| l.trim_start().starts_with("[[axis]]")),
    }
}

fn list() -> Result<()> {
    let mut text = String::new();
    for name in builtin::names() {
        let sc = crate::scenario::load(name, &[])?;
        text.push_str(&format!("{name:<18} {}\n", sc.description));
    }
    text.push_str("\nRun one with `dyad run NAME`; read its teaching notes with `dyad show NAME`.\n");
    stdout_line(&text)
}

fn show(spec: &str) -> Result<()> {
    let source = scenario::read(spec)?;
    let sc = scenario::load_str(&source.text, &source.origin, &source.default_name, &[])?;
    let mut out = String::new();
    for (i, line) in wrap(&format!("{}: {}", sc.name, sc.description), 76).into_iter().enumerate() {
        out.push_str(&format!("#{}{line}\n", if i == 0 { " " } else { "   " }));
    }
    out.push_str("#\n");
    out.push_str("# What it is\n");
    for line in wrap(&sc.teaching.what, 76) {
        out.push_str(&format!("#   {line}\n"));
    }
    for (heading, items) in
        [("Things to notice", &sc.teaching.notice), ("Things to try", &sc.teaching.things_to_try)]
    {
        out.push_str(&format!("#\n# {heading}\n"));
        for item in items {
            for (i, line) in wrap(item, 74).into_iter().enumerate() {
                out.push_str(&format!("#   {} {line}\n", if i == 0 { "-" } else { " " }));
            }
        }
    }
    let name = shell_word(spec);
    out.push_str(&format!(
        "#\n# Run it:  dyad run {name}\n# Copy it: dyad new my-couple.toml --from {name}\n\n"
    ));
    out.push_str(&source.text);
    stdout_line(&out)
}

/// Splits text into lines of at most `width` characters, at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn new(file: &Path, from: Option<&str>, force: bool) -> Result<()> {
    if file.exists() && !force {
        return Err(Error::BadArgument(format!(
            "{} already exists\n  help: choose another name, or add --force to overwrite it",
            file.display()
        )));
    }
    let stem = file.file_stem().and_then(|s| s.to_str()).filter(|s| scenario::spec::is_folder_name(s));
    let stem = stem.unwrap_or("my-couple").to_string();
    let mut sc = match from {
        Some(spec) => scenario::load(spec, &[])?,
        None => Scenario {
            description: "A couple to explore: edit the traits below and run it.".into(),
            teaching: scenario::Teaching {
                what: "Describe the couple here, for whoever runs this file next.".into(),
                ..Default::default()
            },
            ..Default::default()
        },
    };
    sc.name = stem;
    let text = template::render(&sc);
    let dir = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("scenario.toml");
    let mut set = OutputSet::new(dir)?;
    set.write(name, |w| {
        w.write_all(text.as_bytes()).map_err(|source| Error::Write { path: file.into(), source })
    })?;
    set.commit()?;
    stdout_line(&format!(
        "wrote {}: every key is explained in its comments.\nNext: edit it, then `dyad validate {0}` and `dyad run {0}`.\n",
        file.display()
    ))
}
