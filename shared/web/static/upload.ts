// The upload form: asks the app for a presigned POST, sends the file straight to the documents bucket with a
// progress bar, then asks the app to confirm it (size, type by magic bytes, SHA-256). While a file is on its way
// the form is locked (nothing resets it); once confirmed, the checklist and the timeline are refreshed in place
// from the page itself, so the form and what she chose stay. Messages come from the form's data attributes.
export const UPLOAD_JS = `(function(){
  var form=document.getElementById('upload-form'); if(!form) return;
  var bar=document.getElementById('upload-bar'), out=document.getElementById('upload-status');
  var button=form.querySelector('button[type=submit]');
  window.__uploadProgress=[];
  function meta(file){
    var m={formCode:form.formCode.value,fileName:file.name,contentType:file.type||'application/octet-stream',size:file.size};
    ['signedOn','verifiedOn'].forEach(function(k){ if(form[k]&&form[k].value) m[k]=form[k].value; });
    if(m.formCode==='3-KNĐ'&&form.introducerMemberId&&form.introducerMemberId.value) m.introducerMemberId=form.introducerMemberId.value;
    return m;
  }
  function fail(msg){ out.textContent=msg; out.className='errors'; }
  function refresh(){
    return fetch(location.pathname,{credentials:'same-origin'}).then(function(r){return r.text();}).then(function(html){
      var doc=new DOMParser().parseFromString(html,'text/html');
      ['admission-checklist','recognition-checklist','timeline','next-docs','actions'].forEach(function(id){
        var now=document.getElementById(id), fresh=doc.getElementById(id);
        if(now&&fresh) now.replaceWith(document.importNode(fresh,true));
        else if(now&&!fresh) now.remove();
      });
    });
  }
  form.addEventListener('submit', function(ev){
    ev.preventDefault();
    if(form.dataset.busyNow==='1') return;
    var file=form.file.files[0]; if(!file){ fail(form.dataset.failed); return; }
    var cid=form.dataset.candidate, m=meta(file);
    form.dataset.busyNow='1'; button.disabled=true;
    bar.value=0; bar.hidden=false; out.textContent=form.dataset.busy; out.className='';
    fetch('/api/candidates/'+cid+'/uploads',{method:'POST',headers:{'content-type':'application/json'},credentials:'same-origin',
      body:JSON.stringify(m)})
    .then(function(r){return r.json().then(function(b){ if(!r.ok) throw new Error(b.error&&b.error.message||form.dataset.failed); return b;});})
    .then(function(p){
      return new Promise(function(resolve,reject){
        var fd=new FormData(); Object.keys(p.fields).forEach(function(k){fd.append(k,p.fields[k]);}); fd.append('file',file);
        var x=new XMLHttpRequest(); x.open('POST',p.url);
        x.upload.onprogress=function(e){ if(e.lengthComputable){ var v=Math.round(e.loaded*100/e.total); bar.value=v; bar.setAttribute('aria-valuenow',v); window.__uploadProgress.push(v);} };
        x.onload=function(){ if(x.status>=200&&x.status<300){ bar.value=100; resolve(p);} else reject(new Error(form.dataset.failed)); };
        x.onerror=function(){ reject(new Error(form.dataset.failed)); };
        x.send(fd);
      });
    })
    .then(function(p){ return fetch('/api/candidates/'+cid+'/uploads/'+encodeURIComponent(p.docId)+'/confirm',{method:'POST',credentials:'same-origin'})
      .then(function(r){return r.json().then(function(b){
        if(r.status===422&&b.error&&b.error.reason==='BAD_TYPE') throw new Error(form.dataset.fake.replace('{file}',file.name));
        if(!r.ok) throw new Error(b.error&&b.error.message||form.dataset.failed); return b;});}); })
    .then(function(d){ out.textContent=form.dataset.done+' '+m.formCode+': '+file.name; out.className='ok'; form.file.value=''; return refresh(); })
    .catch(function(e){ bar.hidden=true; fail(e.message); return refresh(); })
    .then(function(){ form.dataset.busyNow=''; button.disabled=false; });
  });
})();
`;
