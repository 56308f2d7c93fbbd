//! The page of `dyad serve`, embedded in the binary: (URL path, content type, text).
pub static ASSETS: &[(&str, &str, &str)] = &[
    ("/", "text/html; charset=utf-8", include_str!("page/index.html")),
    ("/style.css", "text/css; charset=utf-8", include_str!("page/style.css")),
    ("/app.js", "text/javascript; charset=utf-8", include_str!("page/app.js")),
    ("/charts.js", "text/javascript; charset=utf-8", include_str!("page/charts.js")),
];
