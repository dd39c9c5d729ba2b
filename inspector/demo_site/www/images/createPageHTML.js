/* createPageHTML: the TRS WCM pager. Page 0 is index.shtml, page n is index_n.shtml. */
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) return;
  function name(i) { return i === 0 ? _sPageName + '.' + _sPageExt : _sPageName + '_' + i + '.' + _sPageExt; }
  var html = '共' + _nPageCount + '页&nbsp;';
  html += _nCurrIndex > 0 ? '<a href="' + name(0) + '">首页</a>&nbsp;<a href="' + name(_nCurrIndex - 1) + '">上一页</a>&nbsp;'
                          : '<span>首页</span>&nbsp;<span>上一页</span>&nbsp;';
  html += _nCurrIndex < _nPageCount - 1 ? '<a href="' + name(_nCurrIndex + 1) + '">下一页</a>&nbsp;<a href="' + name(_nPageCount - 1) + '">尾页</a>'
                                        : '<span>下一页</span>&nbsp;<span>尾页</span>';
  document.write(html);
}
