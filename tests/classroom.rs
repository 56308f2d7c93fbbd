//! Classroom commands: `dyad animate` writes a complete, looping GIF of one run with the frame
//! count and size it reports, deterministically for a seed; `dyad compare` writes one figure
//! (PNG and SVG), one CSV and one terminal table for two to four scenarios, deterministically.
//!
//! Every command runs in a fresh temporary folder with `--out` into it and few replicates.

use assert_cmd::Command;
use std::path::Path;

fn dyad(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("dyad").unwrap();
    c.current_dir(dir).arg("--quiet");
    c
}

fn stdout_of(c: &mut Command) -> String {
    let out = c.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// What a GIF holds, read block by block.
#[derive(Debug)]
struct Gif {
    /// Logical screen width and height.
    size: (u32, u32),
    /// Image descriptors.
    frames: u32,
    /// Delay of each graphic control extension, in hundredths of a second.
    delays: Vec<u16>,
    /// Whether it has the NETSCAPE2.0 looping extension.
    loops: bool,
}

/// Parses a GIF's block structure (no decoding of the pixels): every image descriptor must
/// follow a graphic control extension, and the trailer must be the last byte.
fn parse_gif(bytes: &[u8]) -> Gif {
    assert_eq!(&bytes[..6], b"GIF89a", "GIF89a signature");
    let le = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let size = (u32::from(le(6)), u32::from(le(8)));
    let flags = bytes[10];
    let mut i = 13;
    if flags & 0x80 != 0 {
        i += 3 << ((flags & 7) + 1);
    }
    let skip_sub_blocks = |i: &mut usize| {
        while bytes[*i] != 0 {
            *i += usize::from(bytes[*i]) + 1;
        }
        *i += 1;
    };
    let (mut frames, mut delays, mut loops, mut control) = (0, Vec::new(), false, false);
    loop {
        match bytes[i] {
            0x21 => {
                match bytes[i + 1] {
                    0xF9 => {
                        delays.push(le(i + 4));
                        control = true;
                    }
                    0xFF if &bytes[i + 3..i + 14] == b"NETSCAPE2.0" => loops = true,
                    _ => {}
                }
                i += 2;
                skip_sub_blocks(&mut i);
            }
            0x2C => {
                assert!(control, "frame {frames} follows a graphic control extension");
                control = false;
                let packed = bytes[i + 9];
                i += 10;
                if packed & 0x80 != 0 {
                    i += 3 << ((packed & 7) + 1);
                }
                i += 1; // LZW minimum code size
                skip_sub_blocks(&mut i);
                frames += 1;
            }
            0x3B => break,
            other => panic!("unexpected GIF block {other:#04x} at byte {i}"),
        }
    }
    assert_eq!(i, bytes.len() - 1, "the trailer is the last byte");
    Gif { size, frames, delays, loops }
}

/// The frame count and size that `dyad animate` printed: `... (N frames, WxH px) ...`.
fn printed_animation(stdout: &str) -> (u32, (u32, u32)) {
    let inside = stdout.split_once('(').and_then(|(_, r)| r.split_once(')')).expect("(N frames, WxH px)").0;
    let (frames, size) = inside.split_once(" frames, ").expect("N frames, WxH px");
    let (w, h) = size.trim_end_matches(" px").split_once('x').expect("WxH");
    (frames.parse().unwrap(), (w.parse().unwrap(), h.parse().unwrap()))
}

fn animate(dir: &Path, file: &str, args: &[&str]) -> (Vec<u8>, u32, (u32, u32)) {
    let path = dir.join(file);
    let stdout = stdout_of(dyad(dir).arg("animate").args(args).arg("--out").arg(&path));
    assert!(stdout.contains(&path.display().to_string()), "names the file: {stdout}");
    let (frames, size) = printed_animation(&stdout);
    (std::fs::read(&path).unwrap(), frames, size)
}

#[test]
fn animate_writes_a_looping_gif_with_the_frames_and_size_it_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let (bytes, frames, size) = animate(tmp.path(), "aa.gif", &["anxious-avoidant"]);
    let gif = parse_gif(&bytes);
    assert_eq!(gif.size, size, "logical screen size is the reported size");
    assert_eq!(size, (720, 405), "16:9 frames for slides");
    assert_eq!(gif.frames, frames, "frame count is the reported count");
    assert!((50..=400).contains(&frames), "a few hundred frames at most: {frames}");
    assert!(gif.loops, "loops forever");
    assert_eq!(gif.delays.len() as u32, frames);
    let (last, shown) = gif.delays.split_last().expect("frames");
    assert!(shown.iter().all(|&d| (8..=10).contains(&d)), "80-100 ms per frame: {:?}", &gif.delays[..3]);
    assert!((250..=300).contains(last), "the ending is held for about 3 s: {last}");
    assert!(bytes.len() < 1_000_000, "under 1 MB: {} bytes", bytes.len());
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["aa.gif"], "no temporary file is left behind");

    // A shorter horizon gives fewer frames.
    let (short, short_frames, _) = animate(
        tmp.path(),
        "short.gif",
        &["anxious-avoidant", "--steps", "60", "--set", "outcome.horizon_window=60"],
    );
    assert_eq!(parse_gif(&short).frames, short_frames);
    assert!(short_frames < frames, "--steps 60: {short_frames} frames, not fewer than {frames}");
}

#[test]
fn animate_is_deterministic_for_a_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["secure-anxious", "--steps", "60", "--set", "outcome.horizon_window=60"];
    let (first, frames, _) = animate(tmp.path(), "first.gif", &args);
    let (second, _, _) = animate(tmp.path(), "second.gif", &args);
    assert!(first == second, "same seed, same GIF");
    assert_eq!(parse_gif(&first).frames, frames);
    let (other, _, _) = animate(tmp.path(), "other.gif", &[&args[..], &["--seed", "7"]].concat());
    assert!(first != other, "another seed, another run");
}

#[test]
fn animate_writes_into_a_new_folder_and_rejects_bad_options() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("slides").join("cycle.gif");
    dyad(tmp.path())
        .args(["animate", "anxious-avoidant", "--steps", "20", "--set", "outcome.horizon_window=20", "--out"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(parse_gif(&std::fs::read(&path).unwrap()).size, (720, 405));
    dyad(tmp.path()).args(["animate", "anxious-avoidant", "--steps", "0"]).assert().code(2);
    dyad(tmp.path()).args(["animate", "no-such-scenario"]).assert().code(2);
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG", "{} is a PNG", path.display());
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

fn compare(dir: &Path, out: &str, scenarios: &[&str]) -> String {
    stdout_of(dyad(dir).arg("compare").args(scenarios).args(["-n", "40", "--out"]).arg(dir.join(out)))
}

#[test]
fn compare_writes_one_figure_one_csv_and_one_table() {
    let tmp = tempfile::tempdir().unwrap();
    let stdout = compare(tmp.path(), "cmp", &["secure-secure", "anxious-avoidant"]);
    let out = tmp.path().join("cmp");

    assert_eq!(png_size(&out.join("compare.png")), (1200, 900));
    let svg = std::fs::read_to_string(out.join("compare.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("</svg>"));
    for text in ["secure-secure", "anxious-avoidant", "trust", "hopelessness", "settled", "escalated"] {
        assert!(svg.contains(text), "figure shows {text}");
    }
    assert!(svg.contains("secure-secure vs anxious-avoidant"), "the title names the scenarios");
    assert!(svg.contains("Sam (A, solid)") && svg.contains("Kai (B, dashed)"), "legend names the partners");

    let mut csv = csv::Reader::from_path(out.join("compare.csv")).unwrap();
    let header = csv.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one row per scenario");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    assert_eq!(&rows[0][col("scenario")], "secure-secure");
    assert_eq!(&rows[1][col("scenario")], "anxious-avoidant");
    for r in &rows {
        assert_eq!(&r[col("replicates")], "40");
        let total: f64 = ["settled", "escalated", "dissolved", "disengaged", "cycling"]
            .iter()
            .map(|o| r[col(&format!("p_{o}"))].parse::<f64>().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-5, "outcome shares sum to 1: {total}");
        for c in [
            "mean_pursue_withdraw",
            "mean_final_trust_a",
            "mean_final_trust_b",
            "mean_final_hopelessness_a",
            "mean_final_hopelessness_b",
        ] {
            let v: f64 = r[col(c)].parse().unwrap();
            assert!((0.0..=1.0).contains(&v), "{c} = {v}");
        }
    }
    let settled = |i: usize| rows[i][col("p_settled")].parse::<f64>().unwrap();
    assert!(settled(0) > settled(1), "the secure couple settles more often");

    // The table: a header and one row per scenario, with aligned columns.
    let lines: Vec<&str> = stdout.lines().collect();
    let head = lines.iter().position(|l| l.starts_with("scenario")).expect("a header line");
    for word in
        ["settled", "escalated", "dissolved", "disengaged", "cycling", "pursue-withdraw", "final trust A/B"]
    {
        assert!(lines[head].contains(word), "column {word}: {}", lines[head]);
    }
    assert!(lines[head + 1].starts_with("secure-secure"));
    assert!(lines[head + 2].starts_with("anxious-avoidant"));
    let width = lines[head].chars().count();
    assert!(lines[head + 1..=head + 2].iter().all(|l| l.chars().count() == width), "aligned columns");
    assert!(lines[head + 1].contains('%') && lines[head + 1].contains(" / "));
    for f in ["compare.png", "compare.svg", "compare.csv"] {
        assert!(stdout.contains(f), "lists {f}");
    }
    let mut names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, [".dyad-files", "compare.csv", "compare.png", "compare.svg"], "nothing else is left");
}

#[test]
fn compare_takes_two_to_four_scenarios() {
    let tmp = tempfile::tempdir().unwrap();
    dyad(tmp.path()).args(["compare", "secure-secure"]).assert().code(2);
    dyad(tmp.path())
        .args([
            "compare",
            "secure-secure",
            "anxious-avoidant",
            "secure-anxious",
            "secure-avoidant",
            "anxious-anxious",
        ])
        .assert()
        .code(2);
    dyad(tmp.path()).args(["compare", "secure-secure", "no-such-scenario"]).assert().code(2);
    let stdout = compare(
        tmp.path(),
        "four",
        &["secure-secure", "anxious-avoidant", "secure-anxious", "secure-avoidant"],
    );
    assert_eq!(png_size(&tmp.path().join("four").join("compare.png")), (1200, 900));
    let csv = std::fs::read_to_string(tmp.path().join("four").join("compare.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5, "a header and four rows");
    for name in ["secure-anxious", "secure-avoidant"] {
        assert!(stdout.contains(name));
    }
}

#[test]
fn compare_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let scenarios = ["secure-anxious", "anxious-avoidant"];
    let first = compare(tmp.path(), "first", &scenarios);
    let second = compare(tmp.path(), "second", &scenarios);
    let table = |s: &str| s.split("Files").next().unwrap().to_string();
    assert_eq!(table(&first), table(&second), "same table");
    for f in ["compare.csv", "compare.svg", "compare.png"] {
        let a = std::fs::read(tmp.path().join("first").join(f)).unwrap();
        let b = std::fs::read(tmp.path().join("second").join(f)).unwrap();
        assert!(a == b, "{f} is identical");
    }
}
