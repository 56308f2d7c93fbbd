//! `dyad serve`'s page in a real browser: Debian's headless `chromium`, driven by
//! `chromedriver` over the W3C WebDriver protocol (a small client below), against the `dyad`
//! binary serving on a free port of 127.0.0.1.
//!
//! Every item of issue 13's page is exercised: the page loads with no console error; the
//! scenario list fills and a built-in's teaching notes show; every control has a label and every
//! drawing a description; names, the issue rate and the sliders change the run and the command (the
//! time from a slider move to the new shares is printed: the machines are shared, so it is
//! reported, not asserted); play, pause, step, speed and the scrubber move the day and the charts
//! follow it; keyboard shortcuts; projector mode; the map marks the couple and a click on it moves
//! the sliders; four pins at most, restorable and removable; an intervention; download (the file
//! arrives) and copy; opening a .toml file; the story; a pasted bad scenario shows its line; and
//! the page fits a tablet. Screenshots go to `CARGO_TARGET_TMPDIR/browser/` (and to
//! `DYAD_SCREENSHOT_DIR` when set).
//!
//! Without `/usr/bin/chromium` and `/usr/bin/chromedriver` the test says it skipped, unless the
//! environment variable `CI` is set: then it fails (`.ci/run` installs them).

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C name of an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Kills a child process when dropped, also when a check panics.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The `dyad serve` binary on a free port, and the page's address.
fn start_server() -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["serve", "--port", "0", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("dyad serve starts");
    let stdout = child.stdout.take().unwrap();
    let guard = Killed(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (guard, url)
}

/// A WebDriver session.
struct Browser {
    agent: ureq::Agent,
    base: String,
    session: String,
    _driver: Killed,
}

impl Browser {
    /// A headless Chromium of `width` x `height` with its profile in `profile`; downloads go to
    /// `profile/downloads`.
    fn start(width: u32, height: u32, profile: &Path) -> Browser {
        let port = free_port();
        let driver = Killed(
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(60)))
                .build(),
        );
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args, "prefs": {
                "download.default_directory": profile.join("downloads"),
                "download.prompt_for_download": false,
            }},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let mut browser = Browser { agent, base, session: String::new(), _driver: driver };
        let v = browser.call("POST", "/session", Some(caps));
        browser.session = v["sessionId"].as_str().expect("a session").to_string();
        browser
    }

    /// One WebDriver command: its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .content_type("application/json")
                .send(body.unwrap_or(json!({})).to_string()),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let text = response.body_mut().with_config().limit(64 << 20).read_to_string().unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: {text}"));
        assert_eq!(status, 200, "{method} {path}: {}", &text[..text.len().min(2000)]);
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page.
    fn js(&self, script: &str, args: Value) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    fn find(&self, css: &str) -> Value {
        let v = self.call("POST", "/element", Some(json!({"using": "css selector", "value": css})));
        json!({ ELEMENT: v[ELEMENT] })
    }

    fn click(&self, css: &str) {
        let id = self.find(css)[ELEMENT].as_str().unwrap().to_string();
        self.call("POST", &format!("/element/{id}/click"), None);
    }

    /// Types `text` into the element, as WebDriver does; for a file input, `text` is a path.
    fn send_keys(&self, css: &str, text: &str) {
        let id = self.find(css)[ELEMENT].as_str().unwrap().to_string();
        self.call("POST", &format!("/element/{id}/value"), Some(json!({ "text": text })));
    }

    /// A real key press on the focused element.
    fn key(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.call("POST", "/actions", Some(actions));
        self.call("DELETE", "/actions", None);
    }

    /// A real mouse click at (`dx`, `dy`) pixels from the centre of the element.
    fn click_at(&self, css: &str, dx: i64, dy: i64) {
        let element = self.find(css);
        let actions = json!({"actions": [{"type": "pointer", "id": "mouse",
            "parameters": {"pointerType": "mouse"}, "actions": [
                {"type": "pointerMove", "origin": element, "x": dx, "y": dy},
                {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}]});
        self.call("POST", "/actions", Some(actions));
        self.call("DELETE", "/actions", None);
    }

    fn text(&self, css: &str) -> String {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
            json!([css]),
        )
        .as_str()
        .unwrap_or_else(|| panic!("no element {css}"))
        .to_string()
    }

    /// Waits until `condition` (a script returning a truthy value) holds: its value.
    fn wait(&self, what: &str, condition: &str, args: Value) -> Value {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            let v = self.js(condition, args.clone());
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            if Instant::now() > deadline {
                let errors = self.js("return window.__dyadErrors", json!([]));
                panic!("timed out waiting for {what}; page errors: {errors}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn runs(&self) -> u64 {
        self.js("return Number(document.body.dataset.runs || 0)", json!([])).as_u64().unwrap_or(0)
    }

    /// Waits for a run answer rendered after `before` were.
    fn wait_run(&self, before: u64) {
        self.wait(
            "a new run answer",
            "return Number(document.body.dataset.runs || 0) > arguments[0]",
            json!([before]),
        );
    }

    /// Sets a range or text input the way a user's move does: its value, then `input` and
    /// `change` events.
    fn set_input(&self, css: &str, value: &str) {
        self.js(
            "const e = document.querySelector(arguments[0]); e.focus(); e.value = arguments[1];
             e.dispatchEvent(new Event('input', {bubbles: true}));
             e.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    }

    fn attr(&self, css: &str, name: &str) -> String {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) || '' : null;",
            json!([css, name]),
        )
        .as_str()
        .unwrap_or_else(|| panic!("no element {css}"))
        .to_string()
    }

    fn value(&self, css: &str) -> String {
        self.js("return document.querySelector(arguments[0]).value", json!([css]))
            .as_str()
            .unwrap()
            .to_string()
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.call("GET", "/screenshot", None);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, base64_decode(b64.as_str().unwrap())).unwrap();
        if let Some(dir) = std::env::var_os("DYAD_SCREENSHOT_DIR") {
            std::fs::copy(path, Path::new(&dir).join(path.file_name().unwrap())).unwrap();
        }
    }

    /// The browser's console messages at level SEVERE (errors), where chromedriver keeps them.
    fn console_errors(&self) -> Vec<String> {
        let url = format!("{}/session/{}/se/log", self.base, self.session);
        let Ok(mut r) = self
            .agent
            .post(&url)
            .content_type("application/json")
            .send(json!({"type": "browser"}).to_string())
        else {
            return Vec::new();
        };
        let v: Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap_or_default()).unwrap_or_default();
        v["value"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(format!("{}/session/{}", self.base, self.session)).call();
        }
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// Whether the browser is here; panics under CI when it is not.
fn browser_available() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    let why = format!("{CHROMIUM} or {CHROMEDRIVER} is missing: apt-get install -y chromium chromium-driver");
    assert!(std::env::var_os("CI").is_none(), "the browser test cannot run under CI: {why}");
    eprintln!("skipped the browser test: {why}");
    false
}

fn shot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser")
}

/// The shares as the page shows them, e.g. "settled 0.0% escalated 26.9% ...".
fn shares(b: &Browser) -> String {
    b.text("#shares").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_classroom_page_works_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let (_server, url) = start_server();
    let profile = tempfile::tempdir().unwrap();
    let b = Browser::start(1400, 1000, profile.path());
    b.goto(&url);

    // Loads: the scenario list, a first run, its shares, teaching notes, story and map.
    b.wait(
        "the scenario list",
        "return document.querySelectorAll('#scenario option').length >= 17",
        json!([]),
    );
    assert_eq!(b.value("#scenario"), "anxious-avoidant");
    b.wait_run(0);
    let first = shares(&b);
    for outcome in ["settled", "escalated", "dissolved", "disengaged", "cycling"] {
        let cell = b.text(&format!("#shares [data-outcome=\"{outcome}\"]"));
        assert!(cell.contains('%'), "{outcome}: {cell:?}");
    }
    assert!(b.text("#teaching").contains("Sam"), "teaching notes shown");
    b.wait("the story", "return document.querySelector('#story').innerText.includes('Day')", json!([]));
    b.wait("the map", "return document.querySelector('#map').dataset.ready === '1'", json!([]));
    assert!(b.text("#command").contains("dyad run anxious-avoidant"));

    // Screen readers: every control has a label, every drawing a description.
    let unlabelled = b.js(
        "return [...document.querySelectorAll('input, select, textarea, button')]
           .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                        && !e.innerText.trim())
           .map(e => e.id || e.outerHTML.slice(0, 60))",
        json!([]),
    );
    assert_eq!(unlabelled, json!([]), "controls without a label");
    let undescribed = b.js(
        "return [...document.querySelectorAll('main canvas')]
           .filter(e => e.getAttribute('role') !== 'img' || (e.getAttribute('aria-label') || '').length < 20)
           .map(e => e.id)",
        json!([]),
    );
    assert_eq!(undescribed, json!([]), "drawings without a description");
    assert!(b.attr("#map", "aria-label").contains("The current couple is at"), "the map marks the couple");

    // Names and the issue rate are part of the run.
    let before = b.runs();
    b.set_input("#a-name", "Robin");
    b.wait_run(before);
    assert!(b.text("#command").contains("partner.a.name=Robin"), "{}", b.text("#command"));
    assert!(b.attr("#couple", "aria-label").contains("Robin"), "the couple is named");
    assert!(b.text("#chart-legend").contains("Robin"));
    let before = b.runs();
    b.set_input("#issue-rate", "0.2");
    b.wait_run(before);
    assert!(b.text("#command").contains("environment.issue_rate=0.2"), "{}", b.text("#command"));
    let before = b.runs();
    b.set_input("#a-name", "Sam");
    b.set_input("#issue-rate", "0.05");
    b.wait_run(before);
    assert_eq!(b.text("#command"), "dyad run anxious-avoidant --seed 42 --replicates 1000");

    // A slider move changes the shares; the time from the move to the new shares is reported.
    let before = b.runs();
    b.set_input("#a-anxiety", "0.3");
    b.wait_run(before);
    let after = shares(&b);
    assert_ne!(after, first, "moving Sam's anxiety from 0.85 to 0.3 changes the shares");
    assert!(b.text("#command").contains("partner.a.anxiety=0.3"), "{}", b.text("#command"));
    let mut times = Vec::new();
    for v in ["0.35", "0.45", "0.55", "0.65", "0.75"] {
        let before = b.runs();
        b.set_input("#a-anxiety", v);
        b.wait_run(before);
        let ms: f64 = b
            .js("return Number(document.body.dataset.updateMs)", json!([]))
            .as_f64()
            .expect("updateMs is set");
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    eprintln!(
        "slider to shares (1000 couples, 3 years): {times:?} ms, median {:.0} ms",
        times[times.len() / 2]
    );
    assert!(times[times.len() / 2] < 5000.0, "a slider move takes seconds: {times:?}");

    // Play advances the day; pause stops it; step advances one day.
    b.wait(
        "the map after the moves",
        "return document.querySelector('#map').dataset.ready === '1'",
        json!([]),
    );
    b.set_input("#scrubber", "100");
    let day0: u64 = b.value("#scrubber").parse().unwrap();
    assert_eq!(day0, 100, "the scrubber seeks");
    b.click("#play");
    b.wait(
        "play to advance the day",
        "return Number(document.querySelector('#scrubber').value) > arguments[0] + 10",
        json!([day0]),
    );
    b.click("#play");
    let paused: u64 = b.value("#scrubber").parse().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(b.value("#scrubber").parse::<u64>().unwrap(), paused, "pause stops the day");
    let label = b.text("#day");
    b.click("#step");
    assert_eq!(b.value("#scrubber").parse::<u64>().unwrap(), paused + 1, "step is one day");
    assert_ne!(b.text("#day"), label, "the day label follows");
    b.set_input("#scrubber", "400");
    assert!(b.text("#day").contains("400"), "the scrubber seeks: {}", b.text("#day"));
    for chart in ["#chart-trust", "#chart-hope", "#chart-closeness", "#survival"] {
        assert!(b.attr(chart, "aria-label").contains("on day 400"), "{chart} follows the day");
    }

    // Speed: ten days per tick.
    b.set_input("#speed", "10");
    b.click("#play");
    b.wait("play at speed 10", "return Number(document.querySelector('#scrubber').value) >= 430", json!([]));
    b.click("#play");
    let day: u64 = b.value("#scrubber").parse().unwrap();
    assert_eq!((day - 400) % 10, 0, "ten days a tick: from 400 to {day}");
    b.set_input("#speed", "2");
    b.set_input("#scrubber", "400");

    // Keyboard: the arrow steps back, space plays, `?` shows the help, `j` projector mode.
    b.js("document.activeElement && document.activeElement.blur()", json!([]));
    b.key("\u{E012}"); // ArrowLeft
    assert_eq!(b.value("#scrubber"), "399", "the left arrow steps back a day");
    b.key("\u{E014}"); // ArrowRight
    assert_eq!(b.value("#scrubber"), "400", "the right arrow steps a day");
    b.key(" ");
    b.wait("space to play", "return Number(document.querySelector('#scrubber').value) > 410", json!([]));
    b.key(" ");
    let paused: u64 = b.value("#scrubber").parse().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(b.value("#scrubber").parse::<u64>().unwrap(), paused, "space pauses");
    b.key("?");
    b.wait(
        "the help",
        "const h = document.querySelector('#help'); return h && h.offsetParent !== null || (h && h.open)",
        json!([]),
    );
    b.key("?");
    b.key("j");
    b.wait("projector mode", "return document.body.classList.contains('projector')", json!([]));
    b.screenshot(&shot_dir().join("serve-projector.png"));
    b.click("#projector");
    assert!(!b.js("return document.body.classList.contains('projector')", json!([])).as_bool().unwrap());

    // The map: a click in its lower-left part moves the two sliders there and reruns.
    let (x0, y0) = (b.value("#a-anxiety"), b.value("#b-avoidance"));
    let size = b.js(
        "const r = document.querySelector('#map').getBoundingClientRect(); return [r.width, r.height]",
        json!([]),
    );
    let (w, h) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
    let before = b.runs();
    b.click_at("#map", -(w * 0.15) as i64, (h * 0.15) as i64);
    b.wait_run(before);
    assert!(b.value("#a-anxiety") != x0 || b.value("#b-avoidance") != y0, "the map click moved the sliders");

    // Pins: up to four side by side, a fifth replaces the oldest, each removable and restorable.
    let pinned_anxiety = b.value("#a-anxiety");
    b.click("#pin");
    for v in ["0.2", "0.4", "0.6", "0.8"] {
        let before = b.runs();
        b.set_input("#b-avoidance", v);
        b.wait_run(before);
        b.click("#pin");
    }
    b.wait("four pins", "return document.querySelectorAll('#pins .pin').length === 4", json!([]));
    assert!(b.text("#pins-status").contains("replaced the oldest"), "{}", b.text("#pins-status"));
    let titles = b.text("#pins");
    assert!(titles.contains("0.20") && titles.contains("0.80"), "{titles}");
    assert!(titles.matches('%').count() >= 20, "each pin shows its five shares: {titles}");
    let before = b.runs();
    b.click("#pins .pin .pin-body");
    b.wait_run(before);
    assert_eq!(b.value("#b-avoidance"), "0.2", "the first pin left is restored");
    assert_eq!(b.value("#a-anxiety"), pinned_anxiety);
    b.click("#pins .pin .unpin");
    b.wait("three pins", "return document.querySelectorAll('#pins .pin').length === 3", json!([]));

    // Download: the scenario file arrives with the sliders' values; copy: the command.
    let downloads = profile.path().join("downloads");
    b.click("#download");
    let file = downloads.join("anxious-avoidant.toml");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !file.exists() {
        assert!(Instant::now() < deadline, "no download in {}", downloads.display());
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(200));
    let toml = std::fs::read_to_string(&file).unwrap();
    assert!(toml.contains("avoidance = 0.2"), "the downloaded file has the sliders' values:\n{toml}");
    b.click("#copy");
    assert!(b.text("#command").starts_with("dyad run"));
    // The clipboard answers asynchronously: copied, or refused and the command selected.
    b.wait(
        "copy to say what it did",
        "return document.querySelector('#copy-status').innerText.trim()",
        json!([]),
    );

    // Open a .toml file: its text lands in the editor.
    b.send_keys("#toml-file", file.to_str().unwrap());
    b.wait(
        "the opened file",
        "return document.querySelector('#toml').value.includes('avoidance = 0.2')",
        json!([]),
    );

    // An intervention switched on changes the command to the downloaded file's.
    let before = b.runs();
    b.set_input("#intervention-start", "120");
    b.set_input("#intervention", "therapy");
    b.wait_run(before);
    b.wait("the therapy run", "return document.querySelector('#command').innerText.includes('.toml') || document.querySelector('#command').value?.includes('.toml')", json!([]));

    b.set_input("#scenario", "secure-secure");
    b.wait(
        "the secure-secure notes",
        "return document.querySelector('#teaching').innerText.toLowerCase().includes('secure')",
        json!([]),
    );
    b.wait("the map", "return document.querySelector('#map').dataset.ready === '1'", json!([]));
    b.set_input("#scenario", "anxious-avoidant");
    b.wait(
        "the anxious-avoidant run",
        "return document.querySelector('#command').innerText.includes('anxious-avoidant')",
        json!([]),
    );
    b.wait("the map", "return document.querySelector('#map').dataset.ready === '1'", json!([]));
    b.wait("the story", "return document.querySelector('#story').innerText.includes('Day')", json!([]));
    b.screenshot(&shot_dir().join("serve.png"));

    let console = b.console_errors();
    assert!(console.is_empty(), "console errors: {console:?}");

    // A pasted scenario with a value out of range shows its line.
    let bad = "[partner.a]\nanxiety = 7\navoidance = 0.2\n[partner.b]\nanxiety = 0.3\navoidance = 0.3\n";
    b.set_input("#toml", bad);
    b.click("#run-toml");
    let errors = b.wait(
        "the error",
        "const t = document.querySelector('#errors').innerText; return t.includes('line 2') && t;",
        json!([]),
    );
    assert!(errors.as_str().unwrap().contains("partner.a.anxiety"), "{errors}");
    b.screenshot(&shot_dir().join("serve-error.png"));

    let page_errors = b.js("return window.__dyadErrors", json!([]));
    assert_eq!(page_errors, json!([]), "errors in the page");
    // The browser logs the 400 answer itself; nothing else may appear.
    let console = b.console_errors();
    assert!(
        console.iter().all(|e| e.contains("/api/run") && e.contains("400")),
        "console errors: {console:?}"
    );
}

#[test]
fn the_page_fits_a_tablet() {
    if !browser_available() {
        return;
    }
    let (_server, url) = start_server();
    let profile = tempfile::tempdir().unwrap();
    let b = Browser::start(768, 1024, profile.path());
    b.goto(&format!("{url}?projector=1"));
    b.wait_run(0);
    assert!(b.js("return document.body.classList.contains('projector')", json!([])).as_bool().unwrap());
    let overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth", json!([]));
    assert!(overflow.as_f64().unwrap() <= 1.0, "the page scrolls sideways on a tablet by {overflow} px");
    b.screenshot(&shot_dir().join("serve-tablet.png"));
    assert_eq!(b.js("return window.__dyadErrors", json!([])), json!([]));
}
