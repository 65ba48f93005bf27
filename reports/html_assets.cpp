#include "reports/html_assets.hpp"

namespace portico::reports {

std::string_view report_css() {
  return R"CSS(
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; --card: #ffffff;
        --pass: #1a7f37; --pass-bg: #e6f4ea; --fail: #b42318; --fail-bg: #fdecea; --accent: #1f77b4; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
       font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.page { background: #102a43; color: #f0f4f8; padding: 20px 32px 18px; }
header.page .brand { font-size: 12px; letter-spacing: .12em; text-transform: uppercase; color: #9fb3c8; }
header.page h1 { margin: 2px 0 4px; font-size: 26px; font-weight: 600; }
header.page .meta { margin: 0; color: #bcccdc; font-size: 13px; }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 8px; margin: 14px 0 0; font-size: 13px; }
nav.toc a { color: #243b53; background: #e4ecf5; border-radius: 14px; padding: 3px 12px; text-decoration: none; }
nav.toc a:hover { background: #d0dcea; }
main { max-width: 1280px; margin: 0 auto; padding: 8px 24px 40px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px 20px;
          margin: 18px 0; }
h2 { font-size: 19px; margin: 0 0 12px; font-weight: 600; }
h2 code { font-size: 17px; background: #eef2f7; border-radius: 4px; padding: 1px 6px; }
h3 { font-size: 15px; margin: 22px 0 8px; font-weight: 600; color: #334e68; }
h3.components { text-transform: capitalize; }
p.note { color: var(--muted); margin: 4px 0 10px; font-size: 13px; }
code, .chip { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.chip { display: inline-block; background: #eef2f7; border-radius: 4px; padding: 1px 7px; margin: 0 6px 6px 0; }
.banner { display: flex; align-items: center; gap: 12px; border-radius: 8px; padding: 12px 16px; font-weight: 600; }
.banner.pass { background: var(--pass-bg); color: var(--pass); }
.banner.fail { background: var(--fail-bg); color: var(--fail); }
.banner.none { background: #eef2f7; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(112px, 1fr)); gap: 10px; margin: 4px 0 14px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card.bad .value { color: var(--fail); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: auto; min-width: 60%; font-size: 13px; font-variant-numeric: tabular-nums; margin: 2px 0 6px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { background: #f8fafc; color: #486581; font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; }
tbody tr:nth-child(even) { background: #fbfcfd; }
tr.pass td:first-child { color: var(--pass); font-weight: 600; }
tr.fail td:first-child { color: var(--fail); font-weight: 600; }
tr.fail { background: var(--fail-bg) !important; }
tr.missed td { color: var(--fail); }
table.matrix td.pass { color: var(--pass); }
table.matrix td.fail { color: var(--fail); background: var(--fail-bg); font-weight: 600; }
figure.figure { margin: 14px 0 18px; }
figcaption .title { font-weight: 600; font-size: 14px; display: block; }
figcaption .subtitle { color: var(--muted); font-size: 12px; display: block; }
svg.chart { width: 100%; height: auto; display: block; margin-top: 4px; }
svg.chart text { font-family: inherit; }
svg.chart .tick { font-size: 12px; fill: #52606d; }
svg.chart .axis-label { font-size: 13px; fill: #334e68; }
svg.chart .grid line { stroke: #eceff3; }
svg.chart .axes line { stroke: #9aa5b1; }
svg.chart .marker line { stroke-dasharray: 3 3; stroke-width: 1.2; }
svg.chart .marker text { font-size: 12px; }
svg.chart text.badge { fill: #fff; font-size: 11px; font-weight: 600; }
ol.marker-list { list-style: none; margin: 6px 0 0 60px; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 18px;
                 font-size: 12px; color: var(--ink); }
ol.marker-list .badge { display: inline-block; min-width: 17px; height: 17px; border-radius: 9px; color: #fff;
                        font-size: 11px; font-weight: 600; text-align: center; line-height: 17px; margin-right: 6px; }
svg.chart circle.pt { opacity: 0; }
svg.chart circle.pt.shown { opacity: 1; }
svg.chart circle.pt:hover { opacity: 1; stroke: #fff; stroke-width: 1.5; }
svg.chart g.series.hidden { display: none; }
svg.bars .bar-label { font-size: 13px; fill: var(--ink); }
svg.bars .bar-value { font-size: 12px; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0 0 60px; }
.legend .key { display: inline-flex; align-items: center; gap: 6px; border: 0; background: none; padding: 2px 4px;
               font: inherit; font-size: 12px; color: var(--ink); cursor: pointer; border-radius: 4px; }
.legend .key:hover { background: #eef2f7; }
.legend .key.off { opacity: .35; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; font-size: 13px; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 10px 0 30px; }
@media (max-width: 700px) { main { padding: 4px 8px 24px; } section { padding: 12px; } }
)CSS";
}

std::string_view report_js() {
  return R"JS(
document.querySelectorAll('figure.figure').forEach(function (fig) {
  fig.querySelectorAll('.legend .key').forEach(function (key) {
    key.addEventListener('click', function () {
      key.classList.toggle('off');
      fig.querySelectorAll('g.series[data-series="' + key.dataset.series + '"]').forEach(function (g) {
        g.classList.toggle('hidden');
      });
    });
  });
});
)JS";
}

}  // namespace portico::reports
