"""The preview's only assets, inlined in every page: no fonts, scripts or styles from elsewhere."""

from __future__ import annotations

STYLE = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0b57d0;
--bad:#b3261e;--badbg:#fdecea;--warn:#7a4d00;--warnbg:#fff4d6;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.hc-skip{position:absolute;left:-999px}.hc-skip:focus{left:8px;top:8px;background:#fff;padding:4px}
.hc-header{display:flex;align-items:center;gap:12px;padding:12px 20px;border-bottom:1px solid var(--line)}
.hc-brand a{font-weight:700;font-size:1.1rem;color:var(--fg);text-decoration:none}
.hc-badge-preview{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
border:1px solid var(--line);border-radius:99px;padding:0 8px}
.hc-shell{display:flex;max-width:1180px;margin:0 auto}
.hc-nav{flex:0 0 250px;padding:20px;border-right:1px solid var(--line);font-size:.95rem}
.hc-nav ul{list-style:none;margin:0;padding:0}.hc-nav ul ul{padding-left:14px}
.hc-nav li{margin:4px 0}.hc-nav a{text-decoration:none}
.hc-nav a[aria-current=page]{font-weight:700;color:var(--fg)}
.hc-main{flex:1;min-width:0;padding:20px 32px 64px;max-width:800px}
h1,h2,h3{line-height:1.25}h1{font-size:2rem;margin:.4em 0}
.hc-lead{color:var(--muted);font-size:1.1rem}
.hc-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px}
.hc-card{border:1px solid var(--line);border-radius:10px;padding:4px 18px 12px}
.hc-card h2{font-size:1.2rem}.hc-card h3{font-size:1rem;margin-bottom:0}
.hc-list{padding-left:18px}
.hc-tag{font-size:.75rem;border-radius:4px;padding:1px 6px;margin-left:4px}
.hc-tag-draft{background:var(--warnbg);color:var(--warn)}
.hc-tag-problem{background:var(--badbg);color:var(--bad)}
.hc-crumbs{font-size:.9rem;color:var(--muted)}
.hc-languages{margin:8px 0;font-size:.95rem}
.hc-languages a[aria-current=page]{font-weight:700;color:var(--fg);text-decoration:none}
.hc-writer{margin:12px 0 20px}
.hc-problems{border:2px solid var(--bad);background:var(--badbg);border-radius:8px;padding:4px 16px;margin:12px 0}
.hc-problems h2{font-size:1.05rem;color:var(--bad)}.hc-problems ul{padding-left:18px}
.hc-problem.hc-warning code:first-child{color:var(--warn)}
.hc-where{color:var(--muted);margin-right:4px}
.hc-ok{color:var(--ok)}
.hc-banner{border-radius:8px;padding:8px 14px;margin:8px 0}
.hc-banner-draft,.hc-banner-stale{background:var(--warnbg);color:var(--warn)}
.hc-serp{border:1px dashed var(--line);border-radius:8px;padding:8px 14px;background:var(--soft)}
.hc-serp p{margin:2px 0}.hc-serp-label{font-size:.75rem;text-transform:uppercase;color:var(--muted)}
.hc-serp-url{font-size:.85rem;color:#202124}.hc-serp-title{font-size:1.2rem;color:#1a0dab}
.hc-serp-desc{font-size:.95rem;color:#4d5156}.hc-serp-lengths{font-size:.8rem;color:var(--muted)}
.hc-len-long,.hc-len-short{color:var(--warn);font-weight:600}
.hc-body img{max-width:100%;height:auto}
.hc-body table{border-collapse:collapse;display:block;overflow-x:auto}
.hc-body th,.hc-body td{border:1px solid var(--line);padding:6px 10px}
.hc-body pre{background:var(--soft);padding:12px;border-radius:6px;overflow-x:auto}
.hc-body code{font-size:.9em}
.hc-body blockquote{border-left:4px solid var(--line);margin-left:0;padding-left:16px;color:var(--muted)}
.hc-body div.note,.hc-body div.info,.hc-body div.tip,.hc-body div.warning,.hc-body div.danger{
border-left:4px solid var(--accent);background:var(--soft);padding:4px 16px;border-radius:6px;margin:12px 0}
.hc-body div.tip{border-color:var(--ok)}.hc-body div.warning{border-color:#bf8700;background:var(--warnbg)}
.hc-body div.danger{border-color:var(--bad);background:var(--badbg)}
.hc-broken{outline:2px dashed var(--bad);outline-offset:2px}
.hc-broken-note{font-size:.8rem;color:var(--bad);background:var(--badbg);border-radius:4px;padding:0 4px;margin-left:4px}
@media (max-width:760px){.hc-shell{flex-direction:column}
.hc-nav{border-right:0;border-bottom:1px solid var(--line);flex:none}
.hc-main{padding:16px}h1{font-size:1.6rem}.hc-nav{order:2;border-bottom:0;border-top:1px solid var(--line)}}
"""

# Served live only: reload when the server says the tree changed since this page was made,
# keeping the reader where they were on the page.
LIVE_SCRIPT = """<script>
(function(){var key="hcsync-preview-scroll",y=sessionStorage.getItem(key);
if(y!==null){sessionStorage.removeItem(key);window.scrollTo(0,+y);}
var events=new EventSource("/__hcsync/events?since=__VERSION__");
events.addEventListener("reload",function(){events.close();
sessionStorage.setItem(key,String(window.scrollY));location.reload();});})();
</script>"""
