/* jpage.js: the 大汉 JCMS list pager, reduced to what the sample site needs. It shows the
   column's data store page by page and asks dataproxy.jsp (POST) for the next group of records. */
function jpage(opt) {
  var box = document.getElementById(opt.unitid), per = opt.perPage || 15, page = 1;
  var xml = box.querySelector('script[type="text/xml"]').text;
  var link = /<nextgroup>[\s\S]*?href="([^"]*)"/.exec(xml), total = 0, records = [];
  function read(text) {
    var m, re = /<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/g;
    while ((m = re.exec(text))) records.push(m[1]);
    var t = /<totalrecord>(\d+)/.exec(text);
    if (t) total = +t[1];
  }
  read(xml);
  var list = document.createElement('ul'), bar = document.createElement('div');
  list.className = 'list'; bar.className = 'page'; box.appendChild(list); box.appendChild(bar);
  function show() {
    list.innerHTML = records.slice((page - 1) * per, page * per).join('');
    bar.innerHTML = '';
    var label = document.createElement('span');
    label.textContent = '第' + page + '页' + (total ? ' / 共' + Math.ceil(total / per) + '页' : '');
    bar.appendChild(label);
    if (page > 1) bar.appendChild(button('上一页', function () { page--; show(); }));
    if (page * per < records.length || !total || records.length < total) bar.appendChild(button('下一页', more));
  }
  function button(text, go) {
    var a = document.createElement('a');
    a.href = 'javascript:;'; a.textContent = text; a.onclick = go;
    return a;
  }
  function more() {
    if (page * per < records.length) { page++; show(); return; }
    var query = link ? link[1].split('?')[1].replace(/&amp;/g, '&') : '';
    var start = records.length + 1, end = records.length + per * 3;
    fetch(opt.proxyUrl + '?startrecord=' + start + '&endrecord=' + end + '&perpage=' + per,
          {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'col=1&' + query})
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var before = records.length;
        read(text);
        if (!total && records.length === before) total = before;
        if (records.length > before) page++;
        show();
      });
  }
  show();
}
