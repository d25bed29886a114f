/**
 * The workspace's stylesheet and its one small script, served from memory. Colours meet WCAG AA contrast on their
 * backgrounds (text #1d1c1d on white, white on #4a154b and #007a5a, links #0b57d0); focus is always visible.
 */
export const appCss = `
*{box-sizing:border-box}
html{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1c1d;background:#fff}
body{margin:0}
a{color:#0b57d0}
:focus-visible{outline:3px solid #1264a3;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:10}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.topbar{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:center;justify-content:space-between;background:#350d36;color:#fff;padding:.5rem 1rem}
.topbar label,.topbar .label{font-weight:600}
.topbar select{font:inherit;padding:.2rem}
.topbar .bk-button{background:#fff}
.clock{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.clock p{margin:0}
.clock .offset{color:#f0d9f0}
.clock-form,.user-switch{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
.layout{display:grid;grid-template-columns:15rem 1fr;min-height:calc(100vh - 3rem)}
.sidebar{background:#3f0e40;color:#fff;padding:1rem .5rem}
.sidebar ul{list-style:none;margin:0 0 1rem;padding:0}
.sidebar a{display:block;color:#fff;text-decoration:none;padding:.25rem .6rem;border-radius:6px}
.sidebar li{display:flex;align-items:center;justify-content:space-between}
.sidebar li a{flex:1}
.sidebar a:hover{background:#350d36}
.sidebar a[aria-current=page]{background:#1164a3;font-weight:700}
.sidebar .count{background:#fff;color:#3f0e40;border-radius:9px;padding:0 .45rem;font-size:.8rem;margin-left:.3rem}
.sidebar .you{color:#f0d9f0;font-size:.85rem}
.workspace-name{font-weight:800;font-size:1.1rem;padding:0 .6rem}
.side-title{font-size:.85rem;text-transform:uppercase;letter-spacing:.05em;color:#f0d9f0;padding:0 .6rem;margin:.5rem 0}
.badge{display:inline-block;background:#e8e8e8;color:#1d1c1d;border-radius:4px;font-size:.7rem;font-weight:700;padding:0 .3rem;text-transform:uppercase;vertical-align:middle}
main{padding:1rem 1.5rem 2rem;max-width:62rem}
main:focus{outline:none}
.channel-title{margin:.2rem 0 0;font-size:1.35rem}
.purpose{margin:.1rem 0 1rem;color:#454245}
.notice{background:#fff4d6;border:1px solid #c48a00;border-radius:6px;padding:.5rem .8rem;margin-bottom:1rem}
.empty{color:#454245}
.messages{list-style:none;margin:0;padding:0}
.msg{border-top:1px solid #e8e8e8;padding:.7rem .2rem}
.msg:target{background:#fffbe6}
.msg.ephemeral{background:#f4f8fb;border-left:4px solid #1264a3;padding-left:.6rem}
.msg-head{display:flex;gap:.4rem;align-items:baseline;flex-wrap:wrap}
.author{font-weight:800}
.msg-head time,.edited{color:#454245;font-size:.85rem}
.only-you{color:#1264a3;font-size:.85rem;font-weight:600}
.dismiss{display:inline;margin:0}
.link-button{font:inherit;font-size:.85rem;background:none;border:none;padding:0 .2rem;color:#0b57d0;text-decoration:underline;cursor:pointer}
.answers{margin:.4rem 0 0}
.answers .msg{border-top:none;border-radius:6px;padding:.4rem .6rem;scroll-margin-top:4rem}
.msg-body{overflow-wrap:anywhere;min-width:0}
.thread{margin:.5rem 0 0 1.2rem;border-left:3px solid #ddd;padding-left:.8rem}
.thread ol{list-style:none;margin:0;padding:0}
.thread .msg{border-top:none;padding:.3rem 0}
.thread-title{margin:.2rem 0;font-size:.85rem;color:#1264a3}
.bk-header{font-size:1.1rem;margin:.3rem 0}
.bk-section{display:flex;gap:1rem;justify-content:space-between;align-items:flex-start;margin:.35rem 0}
.bk-main{flex:1;min-width:0}
.bk-fields{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.4rem 1rem;margin-top:.35rem}
.bk-context{display:flex;flex-wrap:wrap;gap:.2rem .8rem;color:#454245;font-size:.85rem;margin:.3rem 0}
.bk-context-image{width:1.2rem;height:1.2rem}
.bk-divider{border:none;border-top:1px solid #ddd;margin:.6rem 0}
.bk-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0;align-items:center}
.bk-el{display:inline-flex;gap:.3rem;align-items:center;margin:0}
.bk-button{font:inherit;font-weight:600;font-size:.9rem;border:1px solid #8d8d8d;border-radius:6px;background:#fff;color:#1d1c1d;padding:.3rem .8rem;cursor:pointer;text-decoration:none;display:inline-block}
.bk-button:hover{background:#f2f2f2}
.bk-primary{background:#007a5a;border-color:#007a5a;color:#fff}
.bk-primary:hover{background:#006249}
.bk-danger{background:#fff;border-color:#b3001b;color:#b3001b}
.bk-select{font:inherit;font-size:.9rem;padding:.25rem;border:1px solid #8d8d8d;border-radius:6px;max-width:16rem}
.bk-overflow{position:relative;display:inline-block}
.bk-overflow summary{list-style:none;cursor:pointer;border:1px solid #8d8d8d;border-radius:6px;padding:.1rem .6rem;font-weight:700}
.bk-overflow summary::-webkit-details-marker{display:none}
.bk-menu{position:absolute;z-index:5;background:#fff;border:1px solid #8d8d8d;border-radius:6px;box-shadow:0 4px 12px rgba(0,0,0,.15);min-width:12rem}
.bk-menu ul{list-style:none;margin:0;padding:.3rem 0}
.bk-menu-item{font:inherit;display:block;width:100%;text-align:left;border:none;background:none;padding:.35rem .8rem;cursor:pointer}
.bk-menu-item:hover,.bk-menu-item:focus{background:#1264a3;color:#fff}
.bk-text blockquote,.msg blockquote{margin:.3rem 0;padding-left:.7rem;border-left:4px solid #ddd;color:#1d1c1d}
.bk-unknown{display:block;color:#8a1c1c;font-style:italic}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 .15rem}
code{background:#f6f6f6;border:1px solid #e1e1e1;border-radius:3px;padding:0 .2rem;color:#b3001b;font-size:.85rem}
pre.code{background:#f6f6f6;border:1px solid #e1e1e1;border-radius:4px;padding:.5rem;white-space:pre-wrap}
.bk-image img{max-width:100%}
.composer{position:sticky;bottom:0;background:#fff;padding:.8rem 0;border-top:1px solid #ddd;margin-top:1rem}
.composer label{font-weight:600}
.composer-row{display:flex;gap:.5rem;margin-top:.3rem}
.composer-row input{flex:1;font:inherit;padding:.45rem .6rem;border:1px solid #8d8d8d;border-radius:6px}
.hint{color:#454245;font-size:.85rem;margin:.3rem 0 0}
dialog.modal{border:none;border-radius:10px;box-shadow:0 10px 40px rgba(0,0,0,.35);padding:0;width:min(34rem,95vw);max-height:90vh;overflow:auto;position:fixed;top:5vh;z-index:20}
dialog.modal::backdrop{background:rgba(0,0,0,.45)}
dialog.modal[open]:not(:modal){margin:0 auto;left:0;right:0}
.modal-title{font-size:1.2rem;margin:0;padding:1rem 1.2rem;border-bottom:1px solid #ddd}
.modal-body{padding:.8rem 1.2rem}
.modal-footer{display:flex;justify-content:flex-end;gap:.5rem;padding:.8rem 1.2rem;border-top:1px solid #ddd}
.modal-footer form{margin:0}
.bk-input{display:flex;flex-direction:column;gap:.25rem;margin:.7rem 0}
.bk-label{font-weight:700}
.bk-optional{font-weight:400;color:#454245}
.bk-input input,.bk-input textarea,.bk-input select{font:inherit;padding:.4rem .5rem;border:1px solid #8d8d8d;border-radius:6px}
.bk-hint{color:#454245;font-size:.85rem}
.bk-error{color:#b3001b;font-weight:600;font-size:.9rem}
.bk-has-error input,.bk-has-error textarea,.bk-has-error select{border-color:#b3001b}
.home{max-width:50rem}
.outbox{display:grid;grid-template-columns:minmax(14rem,22rem) 1fr;gap:1rem;align-items:start}
.email-list{list-style:none;margin:0;padding:0;border:1px solid #ddd;border-radius:6px}
.email-list a{display:block;padding:.5rem .7rem;border-bottom:1px solid #eee;text-decoration:none;color:#1d1c1d}
.email-list a[aria-current=page]{background:#e8f5fa;border-left:4px solid #1264a3}
.email-list .subject{display:block;font-weight:700}
.email-list .meta{display:block;color:#454245;font-size:.8rem;overflow-wrap:anywhere}
.email-head{display:grid;grid-template-columns:auto 1fr;gap:.1rem .8rem;font-size:.9rem}
.email-head dt{font-weight:700}
.email-head dd{margin:0;overflow-wrap:anywhere}
.email-frame{width:100%;height:36rem;border:1px solid #ddd;border-radius:6px;margin-top:.6rem;background:#fff}
.reply-form{margin-top:1rem;border-top:1px solid #ddd;padding-top:.6rem}
.reply-form h3{font-size:1rem;margin:0 0 .4rem}
.reply-form label{display:block;font-weight:600}
.reply-form .meta{color:#454245;font-size:.85rem;margin:0 0 .4rem;overflow-wrap:anywhere}
.reply-form textarea{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.45rem .6rem;border:1px solid #8d8d8d;border-radius:6px;margin:.3rem 0 .5rem}
@media (max-width:720px){
.layout{grid-template-columns:minmax(0,1fr);min-height:0}
.outbox{grid-template-columns:minmax(0,1fr)}
.bk-fields{grid-template-columns:minmax(0,1fr)}
.topbar{gap:.4rem 1rem;padding:.4rem .6rem}
.sidebar{padding:.3rem .4rem}
.sidebar .workspace-name,.sidebar .side-title{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.sidebar ul{display:flex;gap:.2rem;overflow-x:auto;margin:0;padding:.1rem 0;white-space:nowrap}
.sidebar li{flex:none}
main{padding:.6rem .8rem 1.5rem;min-width:0}
.bk-section{flex-wrap:wrap}
.composer-row input{min-width:0}
.email-frame{height:28rem}
}
`;

/**
 * Progressive enhancement only (every control is a plain form that works without it): an open modal becomes a
 * real modal dialog with the focus inside, Escape cancels it, and Escape closes an open overflow menu.
 */
export const appJs = `
document.addEventListener('DOMContentLoaded', function () {
  var dialog = document.querySelector('dialog[data-modal]');
  if (dialog && typeof dialog.showModal === 'function') {
    dialog.removeAttribute('open');
    dialog.showModal();
    var first = dialog.querySelector('[aria-invalid=true], input:not([type=hidden]), textarea, select, button');
    if (first) first.focus();
    dialog.addEventListener('cancel', function (e) {
      e.preventDefault();
      var cancel = dialog.querySelector('.modal-footer form button');
      if (cancel) cancel.click();
    });
  }
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    document.querySelectorAll('details.bk-overflow[open]').forEach(function (d) {
      d.removeAttribute('open');
      var s = d.querySelector('summary');
      if (s) s.focus();
    });
  });
});
`;
