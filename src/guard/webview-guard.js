/*
 * Phụ lục: the webview guard. Plain ES5 (test/build/syntax.test.ts parses it as ES5), the first
 * script of taskpane.html and commands.html, before Office.js and the bundles.
 *
 * The bundles are ES2020. Office 2016/2019 volume-licensed on Windows (and older Microsoft 365
 * builds) open add-ins in Internet Explorer 11 (Trident) or Edge Legacy (EdgeHTML), where they are
 * a syntax error and nothing renders. This script recognises those webviews by their user agent
 * (as Microsoft's "Support older Microsoft webviews" recommends), or any other webview by a
 * SyntaxError in one of this site's scripts before the pane started, and then:
 *   - shows what the user can do instead, in Vietnamese, or in English when Office's (else the
 *     browser's) language is not Vietnamese;
 *   - marks the page (<html data-webview="unsupported">) so that a bundle that does parse never
 *     starts the pane, and swallows the bundles' errors so IE shows no script-error dialog;
 *   - calls Office.onReady once Office.js is there, so Office does not wait for the page.
 * The pane's bundle marks <html data-pane="started"> when it starts (src/taskpane/index.tsx).
 */
(function () {
  'use strict';

  // The guard's own texts (the pane's are in src/core/i18n/pane.ts): one message per language.
  var TEXTS = {
    vi: {
      title: 'Phụ lục không chạy được trong phiên bản Office này',
      why: 'Office này mở ngăn bổ trợ bằng một trình duyệt cũ (như Internet Explorer hay Edge bản cũ) nên không hiển thị được ngăn Phụ lục. Bạn có thể:',
      options: [
        'dùng Office 2021, Office 2024 hoặc Microsoft 365 (Excel trên máy tính);',
        'dùng Excel trên web (trong Edge, Chrome, Firefox hoặc Safari) và mở Phụ lục ở đó;',
        'mở ngăn Phụ lục trong trình duyệt, không cần Excel (chế độ tệp): ',
        'dùng dòng lệnh phuluc (phuluc new, phuluc validate, phuluc consolidate).'
      ]
    },
    en: {
      title: 'Phụ lục cannot run in this version of Office',
      why: 'This Office opens add-ins in an old browser (such as Internet Explorer or the old Edge), which cannot show the Phụ lục pane. You can:',
      options: [
        'use Office 2021, Office 2024 or Microsoft 365 (desktop Excel);',
        'use Excel on the web (in Edge, Chrome, Firefox or Safari) and open Phụ lục there;',
        'open the Phụ lục pane in a browser, without Excel (file mode): ',
        'use the phuluc command line (phuluc new, phuluc validate, phuluc consolidate).'
      ]
    }
  };
  var FILE_MODE_OPTION = 2;

  var page = document.documentElement;

  /** 'trident', 'edgehtml' or '' (Chromium-based Edge says "Edg/", not "Edge/"). */
  function oldWebview(userAgent) {
    if (/Trident\/|MSIE /.test(userAgent)) return 'trident';
    if (/\bEdge\/\d/.test(userAgent)) return 'edgehtml';
    return '';
  }

  /** Office's UI language from its host info (as office.js reads it), else the browser's. */
  function language() {
    var info = '';
    try {
      info = String(window.external.GetHostInfo());
    } catch (e) {
      info = ''; // not a desktop Office host object: the query string or the session then
    }
    var inInfo = /_host_Info=([^&#]*)/.exec(info);
    if (inInfo) info = inInfo[1];
    if (!info) {
      var inQuery = /[?&]_host_Info=([^&#]*)/.exec(location.search);
      if (inQuery) info = inQuery[1];
    }
    if (!info) {
      try {
        info = window.sessionStorage.getItem('hostInfoValue') || '';
      } catch (e) {
        info = ''; // storage refused
      }
    }
    try {
      info = decodeURIComponent(info);
    } catch (e) {
      // not percent-encoded: read as it is
    }
    var parts = info.split('$');
    if (parts.length < 3) parts = info.split('|');
    var tag = parts[3] || navigator.language || navigator.userLanguage || navigator.browserLanguage || 'vi';
    return /^vi/i.test(tag) ? 'vi' : 'en';
  }

  function listen(target, type, handler) {
    if (target.addEventListener) target.addEventListener(type, handler, false);
    else if (target.attachEvent) target.attachEvent('on' + type, handler);
  }

  function element(tag, text, css) {
    var node = document.createElement(tag);
    if (text) node.appendChild(document.createTextNode(text));
    for (var name in css) if (Object.prototype.hasOwnProperty.call(css, name)) node.style[name] = css[name];
    return node;
  }

  /** The pane in a browser: taskpane.html beside this page, without Office's query string. */
  function fileModeAddress() {
    return location.href.split(/[?#]/)[0].replace(/[^/]*$/, 'taskpane.html');
  }

  function showMessage() {
    if (!document.body || document.getElementById('webview-guard')) return;
    var text = TEXTS[language()];
    var root = document.getElementById('root');
    if (root) root.style.display = 'none';
    var box = element('div', '', { fontFamily: '"Segoe UI", Tahoma, sans-serif', fontSize: '14px', lineHeight: '1.45', padding: '10px', color: '#242424' });
    box.id = 'webview-guard';
    box.setAttribute('role', 'alert');
    box.appendChild(element('h1', text.title, { fontSize: '17px', margin: '0 0 8px' }));
    box.appendChild(element('p', text.why, { margin: '0 0 6px' }));
    var list = element('ul', '', { margin: '0', paddingLeft: '20px' });
    for (var i = 0; i < text.options.length; i++) {
      var item = element('li', text.options[i], { margin: '0 0 4px' });
      if (i === FILE_MODE_OPTION) item.appendChild(element('code', fileModeAddress(), { wordBreak: 'break-all' }));
      list.appendChild(item);
    }
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function stop() {
    if (page.getAttribute('data-webview') === 'unsupported') return;
    page.setAttribute('data-webview', 'unsupported');
    // The bundles' syntax errors, and whatever fails after, stay behind the message (IE would
    // otherwise show a script-error dialog).
    window.onerror = function () {
      return true;
    };
    if (document.body) showMessage();
    else if (document.addEventListener) document.addEventListener('DOMContentLoaded', showMessage, false);
    else listen(window, 'load', showMessage); // IE in an old document mode
    listen(window, 'load', function () {
      try {
        if (window.Office && window.Office.onReady) window.Office.onReady();
      } catch (e) {
        // an Office.js that cannot start either: the message already says what to do
      }
    });
  }

  /** A SyntaxError in one of this site's scripts before the pane started: an engine too old for it. */
  function onError(event) {
    if (page.getAttribute('data-pane') === 'started') return;
    var error = event && event.error;
    var syntax = (error && error.name === 'SyntaxError') || /SyntaxError/.test(String(event && event.message));
    var origin = location.protocol + '//' + location.host + '/';
    if (syntax && String(event.filename || '').indexOf(origin) === 0) stop();
  }

  if (oldWebview(navigator.userAgent)) stop();
  else listen(window, 'error', onError);
})();
