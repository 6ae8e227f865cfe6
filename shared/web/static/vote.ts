// The vote forms: shows, while the numbers are typed, whether the ruleset's threshold (2/3 of the official
// members today; the page gives it as data-num/data-den) is reached, and asks for the plain confirmation only
// when it is not (the server checks both again on submit). Messages come from the output's data attributes.
export const VOTE_JS = `(function(){
  var box=document.getElementById('vote-form-fields'); if(!box) return;
  var f=box.closest('form'), out=document.getElementById('vote-check'), conf=document.getElementById('vote-confirm');
  var fn=Number(out.dataset.num)||2, fd=Number(out.dataset.den)||3;
  function num(n){ var el=f.elements.namedItem(n); var v=el&&el.value; return v===''||v==null?NaN:Number(v); }
  function upd(){
    var den=num('officialMembers')-(num('exempt')||0), yes=num('yes'), no=num('no');
    if(!(den>0)||!(yes>=0)||!(no>=0)||yes+no>den){ out.textContent=out.dataset.bad; out.className='muted'; if(conf) conf.hidden=true; return; }
    var needed=Math.ceil(den*fn/fd), pass=yes*fd>=den*fn;
    out.textContent=(pass?out.dataset.pass:out.dataset.fail).replace('{yes}',yes).replace('{denominator}',den).replace('{needed}',needed);
    out.className=pass?'ok':'errors';
    if(conf) conf.hidden=pass;
  }
  f.addEventListener('input',upd); upd();
})();
`;
