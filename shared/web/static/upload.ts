// The upload form: asks the app for a presigned POST, sends the file straight to the documents bucket with a
// progress bar, then asks the app to confirm it (size, type by magic bytes, SHA-256). Messages come from the
// form's data attributes, so the script holds no text of its own.
export const UPLOAD_JS = `(function(){
  var form=document.getElementById('upload-form'); if(!form) return;
  var bar=document.getElementById('upload-bar'), out=document.getElementById('upload-status');
  window.__uploadProgress=[];
  function meta(file){
    var m={formCode:form.formCode.value,fileName:file.name,contentType:file.type||'application/octet-stream',size:file.size};
    ['signedOn','verifiedOn','introducerMemberId'].forEach(function(k){ if(form[k]&&form[k].value) m[k]=form[k].value; });
    return m;
  }
  form.addEventListener('submit', function(ev){
    ev.preventDefault();
    var file=form.file.files[0]; if(!file){ out.textContent=form.dataset.failed; return; }
    var cid=form.dataset.candidate;
    bar.value=0; bar.hidden=false; out.textContent='';
    fetch('/api/candidates/'+cid+'/uploads',{method:'POST',headers:{'content-type':'application/json'},credentials:'same-origin',
      body:JSON.stringify(meta(file))})
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
      .then(function(r){return r.json().then(function(b){ if(!r.ok) throw new Error(b.error&&b.error.message||form.dataset.failed); return b;});}); })
    .then(function(){ out.textContent=form.dataset.done; setTimeout(function(){ location.reload(); }, 400); })
    .catch(function(e){ out.textContent=e.message; });
  });
})();
`;
