// The vote forms: shows, while the numbers are typed, whether the 2/3 of the official members is reached (the
// server checks it again on submit). Messages come from the output element's data attributes.
export const VOTE_JS = `(function(){
  var box=document.getElementById('vote-form-fields'); if(!box) return;
  var f=box.closest('form'), out=document.getElementById('vote-check');
  function num(n){ var el=f.elements.namedItem(n); var v=el&&el.value; return v===''||v==null?NaN:Number(v); }
  function upd(){
    var den=num('officialMembers')-(num('exempt')||0), yes=num('yes'), no=num('no');
    if(!(den>0)||!(yes>=0)||!(no>=0)||yes+no>den){ out.textContent=out.dataset.bad; out.className='errors'; return; }
    var needed=Math.ceil(den*2/3), pass=yes*3>=den*2;
    out.textContent=(pass?out.dataset.pass:out.dataset.fail).replace('{yes}',yes).replace('{denominator}',den).replace('{needed}',needed);
    out.className=pass?'ok':'errors';
  }
  f.addEventListener('input',upd); upd();
})();
`;
