/* common.js */
function doZoom(size){var el=document.getElementById('zoom');if(el){el.style.fontSize=size+'px';}}
function toggleToolbar(){document.documentElement.classList.toggle('barrier-free');}
function careMode(){document.documentElement.classList.toggle('care');}
function addFavorite(){alert('请使用Ctrl+D收藏本站');}
