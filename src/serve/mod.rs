//! `dyad serve`: the classroom in a browser. A local web server with one page, embedded in the
//! binary ([`assets`]), and the JSON API of [`api`] (docs/SERVE.md).
//!
//! **Why axum on tokio.** It is the ecosystem's standard HTTP stack (hyper underneath), so a
//! slow or stalled client costs one idle task, not a thread, and cannot hold other clients up;
//! body limits, routing and JSON come with it. The simulations do not run on tokio's threads:
//! each request's work is handed to a rayon pool ([`Server`] owns one, sized by `--threads`)
//! and awaited, so the network side keeps answering while the cores simulate.
//!
//! **Bounds.** A body is at most [`BODY_LIMIT`] bytes (413 above), a request at most
//! [`api::WORK_CAP`] couple-days (400 above), and at most [`MAX_PENDING`] requests wait for the
//! workers at once (503 above). Identical requests are answered from a small cache of the last
//! [`CACHE_ENTRIES`] answers: a class opening the same page costs one simulation.

pub mod api;
mod assets;

use crate::error::{Error, Result};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::{HashMap, VecDeque};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The most requests that may wait for the simulation workers at once.
pub const MAX_PENDING: usize = 64;

/// Answers kept for identical requests.
pub const CACHE_ENTRIES: usize = 32;

/// What every handler shares.
struct App {
    pool: rayon::ThreadPool,
    pending: AtomicUsize,
    cache: Mutex<Cache>,
}

/// The last answers, by endpoint and request.
#[derive(Default)]
struct Cache {
    answers: HashMap<String, Bytes>,
    order: VecDeque<String>,
}

impl Cache {
    fn get(&self, key: &str) -> Option<Bytes> {
        self.answers.get(key).cloned()
    }

    fn put(&mut self, key: String, answer: Bytes) {
        if self.answers.insert(key.clone(), answer).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > CACHE_ENTRIES {
            if let Some(old) = self.order.pop_front() {
                self.answers.remove(&old);
            }
        }
    }
}

/// A running server: its address, and its threads until it is dropped or [`Server::stop`]ped.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves on `listener` (already bound) with `threads` simulation workers (0: one per core).
    pub fn start(listener: TcpListener, threads: usize) -> Result<Server> {
        let addr = listener.local_addr().map_err(|e| Error::BadArgument(format!("cannot listen: {e}")))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::BadArgument(format!("cannot listen on {addr}: {e}")))?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("dyad-serve-{i}"))
            .build()
            .map_err(|e| Error::BadArgument(format!("cannot start worker threads: {e}")))?;
        let app = Arc::new(App { pool, pending: AtomicUsize::new(0), cache: Mutex::new(Cache::default()) });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("dyad-serve-net")
            .enable_all()
            .build()
            .map_err(|e| Error::BadArgument(format!("cannot start the server: {e}")))?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener)
                .map_err(|e| Error::BadArgument(format!("cannot listen on {addr}: {e}")))?
        };
        let router = router(app);
        let thread = std::thread::Builder::new()
            .name("dyad-serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let stop = async {
                        let _ = rx.await;
                    };
                    if let Err(e) = axum::serve(listener, router).with_graceful_shutdown(stop).await {
                        eprintln!("error: the server stopped: {e}");
                    }
                });
            })
            .map_err(|e| Error::BadArgument(format!("cannot start the server: {e}")))?;
        Ok(Server { addr, shutdown: Some(tx), thread: Some(thread) })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, finishes the requests in flight and returns.
    pub fn stop(mut self) {
        self.shut();
    }

    fn shut(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut();
    }
}

/// The routes: the page's files, then the API.
fn router(app: Arc<App>) -> Router {
    let mut router = Router::new();
    for &(path, content_type, text) in assets::ASSETS {
        router = router.route(path, get(move || async move { page_file(content_type, text) }));
    }
    router
        .route(
            "/api/scenarios",
            get(|| async { json_response(StatusCode::OK, api::scenarios().to_string().into()) }),
        )
        .route("/api/scenarios/{name}", get(scenario_text))
        .route("/api/run", post(|s: State<Arc<App>>, b| simulate(s, b, "run", api::run)))
        .route("/api/map", post(|s: State<Arc<App>>, b| simulate(s, b, "map", api::map)))
        .route("/api/explain", post(|s: State<Arc<App>>, b| simulate(s, b, "explain", api::explain)))
        .fallback(|| async {
            let e = api::ApiError::new(
                404,
                None,
                "no such page",
                "the page is at /, the API under /api/ (docs/SERVE.md)",
            );
            error_response(&e)
        })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

/// Headers on every page file: no outside origin may be loaded (the page works offline, so a
/// reference to a CDN fails at once rather than in a classroom without internet).
fn page_file(content_type: &'static str, text: &'static str) -> Response {
    let mut r = text.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'",
        ),
    );
    r
}

fn json_response(status: StatusCode, body: Bytes) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

fn error_response(e: &api::ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, e.body().to_string().into())
}

async fn scenario_text(Path(name): Path<String>) -> Response {
    match api::scenario_text(&name) {
        Ok(text) => {
            let mut r = text.into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
            r
        }
        Err(e) => error_response(&e),
    }
}

/// Parses the body, answers from the cache or runs `work` on the simulation pool.
async fn simulate(
    State(app): State<Arc<App>>,
    body: std::result::Result<Bytes, axum::extract::rejection::BytesRejection>,
    endpoint: &'static str,
    work: fn(&api::Request, &AtomicBool) -> std::result::Result<serde_json::Value, api::ApiError>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let e = api::ApiError::new(
                413,
                None,
                format!("the request body is over {} KB", BODY_LIMIT / 1024),
                "a scenario file is a few KB; send its text, not a whole folder",
            );
            return error_response(&e);
        }
        Err(rejection) => {
            return error_response(&api::ApiError::new(400, None, rejection.body_text(), ""));
        }
    };
    let request = match api::parse(&body) {
        Ok(r) => r,
        Err(e) => return error_response(&e),
    };
    let key = format!("{endpoint} {}", String::from_utf8_lossy(&body));
    if let Some(answer) = app.cache.lock().map(|c| c.get(&key)).ok().flatten() {
        return json_response(StatusCode::OK, answer);
    }
    let Some(ticket) = Ticket::take(&app) else {
        let e = api::ApiError::new(503, None, "the server is busy", "try again in a moment");
        return error_response(&e);
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    let started = std::time::Instant::now();
    let cancelled = Arc::clone(&ticket.cancelled);
    app.pool.spawn(move || {
        if cancelled.load(Ordering::Relaxed) {
            return;
        }
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&request, &cancelled)))
            .unwrap_or_else(|_| {
                Err(api::ApiError::new(
                    500,
                    None,
                    "the simulation failed (a bug in dyad: please report it)",
                    "",
                ))
            });
        let _ = tx.send(answer);
    });
    let answer = rx.await;
    drop(ticket);
    match answer {
        Ok(Ok(mut value)) => {
            value["elapsed_ms"] = serde_json::json!((started.elapsed().as_secs_f64() * 1e4).round() / 10.0);
            let bytes = Bytes::from(value.to_string());
            if let Ok(mut cache) = app.cache.lock() {
                cache.put(key, bytes.clone());
            }
            json_response(StatusCode::OK, bytes)
        }
        Ok(Err(e)) => error_response(&e),
        Err(_) => error_response(&api::ApiError::new(500, None, "the simulation worker stopped", "")),
    }
}

/// A request's place among the [`MAX_PENDING`] waiting for the workers. When it is dropped,
/// normally or because the client went away (the page moved on and aborted the request, and
/// the handler was dropped with it), the place is given back and `cancelled` is raised: work
/// still queued is then skipped, and a map stops at its next cell, so stale requests do not
/// delay the current one.
struct Ticket {
    app: Arc<App>,
    cancelled: Arc<AtomicBool>,
}

impl Ticket {
    fn take(app: &Arc<App>) -> Option<Ticket> {
        if app.pending.fetch_add(1, Ordering::SeqCst) >= MAX_PENDING {
            app.pending.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Ticket { app: Arc::clone(app), cancelled: Arc::new(AtomicBool::new(false)) })
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::Relaxed);
        self.app.pending.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `dyad serve`: binds, prints the address, opens a browser if asked, serves until Ctrl-C.
pub fn command(host: &str, port: u16, open: bool, threads: usize) -> Result<()> {
    let listener = TcpListener::bind((host, port)).map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "another program uses port {port}: choose another with --port, e.g. --port {}",
                port.wrapping_add(1)
            )
        } else {
            "check --host: 127.0.0.1 for this computer only, 0.0.0.0 for every network interface".to_string()
        };
        Error::BadArgument(format!("cannot listen on {host}:{port}: {e}\n  help: {help}"))
    })?;
    let server = Server::start(listener, threads)?;
    let addr = server.addr();
    let shown =
        if addr.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], addr.port())) } else { addr };
    let url = format!("http://{shown}/");
    println!("dyad serve: open {url} in a browser (Ctrl-C stops it)");
    if addr.ip().is_unspecified() {
        match lan_address() {
            Some(ip) => println!("students on this network open http://{ip}:{}/", addr.port()),
            None => println!("students on this network open http://THIS-COMPUTER'S-ADDRESS:{}/", addr.port()),
        }
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&url);
    }
    wait_for_ctrl_c();
    server.stop();
    Ok(())
}

/// This computer's address on its network: the local end of a UDP socket "connected" to a
/// documentation address (no packet is sent).
fn lan_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:80").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program).args(&args).spawn() {
        eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself");
    }
}

fn wait_for_ctrl_c() {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(_) => loop {
            std::thread::park();
        },
    };
    runtime.block_on(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    println!("dyad serve: stopped");
}
