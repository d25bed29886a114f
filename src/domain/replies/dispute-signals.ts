/** What a customer's reply says is wrong with the invoice. */
export type DisputeSignal = 'not_received' | 'wrong_amount' | 'already_paid' | 'quality_issue' | 'credit_note' | 'other';

// Patterns on folded text (lower case, no accents, straight apostrophes), one phrasing family per line. Checked in
// this order: the first signal found wins, most specific first ("we won't pay until the credit note for the damaged
// goods" is a credit note). Every pattern is a sequence of bounded pieces: linear on any input.
// Things billed, and words saying they are billed wrongly: either order, within one sentence ("the hourly rate is
// £10 higher than our agreement", "nous ne sommes pas d'accord avec les frais").
const billedThing =
  '(?:rates?|price|prices|pricing|charges?|fees?|discount|quantit(?:y|ies)|hours|amount|total|vat|taux|tarifs?|prix|remises?|frais|quantites?|heures|montants?|tva)';
const mismatch =
  "(?:higher than|more than (?:the |what )|lower than|should(?:n't| not) (?:be|have)|(?:doesn't|does not|don't|do not) (?:include|reflect)|not included|n'inclut pas|ne comprend pas|ne tient pas compte|ne correspond(?:ent)? pas|pas d'accord|disagree|(?:don't|do not) agree|never agreed|ne (?:devrai(?:en)?t|devait|devaient) pas|plus eleve|superieure? a)";
const billedWrongly = new RegExp(`\\b${billedThing}\\b[^.]{0,60}\\b${mismatch}|\\b${mismatch}[^.]{0,60}\\b${billedThing}\\b`);
// Things to deliver, and words saying they did not come: "the goods but not the installation", "missing cable".
const deliverable =
  '(?:installation|training|formation|service|services|prestation|delivery|livraison|goods|items?|parts?|cables?|pieces?|marchandises?|materiel|equipment|licen[cs]es?|access|acces|colis|parcels?|packages?)';
const notDelivered = new RegExp(
  `\\bbut not (?:the |a |any |our )?${deliverable}\\b|\\bmais pas (?:la |le |les |l')?${deliverable}|\\bmissing ${deliverable}\\b|\\b${deliverable} (?:(?:\\w+ ){0,2})?(?:a ete |ont ete |was |were |has been )?(?:annulee?s?|cancell?ed) (?:par (?:vous|votre)|by (?:you|your))\\b`,
);

const signals: ReadonlyArray<readonly [DisputeSignal, readonly RegExp[]]> = [
  [
    'credit_note',
    [
      /\bcredit (?:note|memo)s?\b/,
      /\b(?:promised|agreed|offered|owe|owes) (?:us )?(?:a |the )?credit\b(?! (?:card|limit|terms))/,
      /\b(?:un|l'|cet|votre|notre|d'un|l'emission d'un)\s?avoirs?\b(?!\s(?:recu|paye|regle))|\bavoir de \d/,
    ],
  ],
  [
    'already_paid',
    [
      /\balready (?:been )?(?:paid|settled|sent|transferred)\b|\b(?:we|i)(?: have|'ve)? (?:just |already )?(?:paid|settled|transferred|wired)\b/,
      /\b(?:payments?|cheque|check|transfer|wire|remittance|bacs|ach|funds|money) (?:has been |have been |was |were |had been )?(?:made|sent|processed|executed|transferred|posted|mailed|issued|released|done|completed)\b(?! (?:on|by|before) (?:the )?due)/,
      /\b(?:has|have|was|were) (?:been )?(?:paid|settled)\b(?! (?:on|by) (?:the )?due)|\bremittance advice\b/,
      /\bdeja (?:ete )?(?:paye|regle|vire)e?s?\b|\b(?:nous|je) (?:l'|les )?(?:avons|ai) (?:bien |deja |bien deja )?(?:paye|regle|vire)e?s?\b/,
      /\b(?:a|ont) (?:deja )?ete (?:paye|regle|vire)e?s?\b/,
      // "a été fait/effectué" says nothing by itself ("la livraison a été faite"): only of a payment.
      /\b(?:virement|paiement|reglement|cheque|versement)s?\b[^.]{0,40}\b(?:a|ont) (?:deja )?ete (?:effectue|envoye|fait|emis|execute|transmis|lance|passe)e?s?\b/,
      /\b(?:virement|paiement|reglement|cheque) (?:bien )?(?:effectue|envoye|emis|parti)e?\b(?! (?:le|vendredi|lundi|mardi|mercredi|jeudi|samedi|dimanche|demain|dans|fin|d'ici))/,
      // "Facture réglée le 14/09", "invoice 4410 paid on 2 May": the invoice named, then a past participle.
      /\b(?:facture|invoice)s?\s(?:[a-z-]{0,6}\d[\w/-]{0,20}\s)?(?:reglee|payee|acquittee|paid|settled)s?\b(?! (?:on|by) (?:the )?due)/,
      // "nous avons fait le virement", typed fast: "nous avon fait le virment".
      /\bavons? (?:fait|effectue|envoye|passe|emis|lance) (?:le |un |notre |du )?(?:vire?ment|paiement|reglement|cheque)\b/,
      /\b(?<!\b(?:be|will|to|sera|seront|etre) )(?:paid|settled|reglee?s?|payee?s?) (?:in full|en totalite|en integralite|integralement)\b|\bfully (?:paid|settled)\b|\b(?:attached|attaching|enclosed|enclosing|see|find) (?:the |our )?remittance\b|\bremittance (?:is )?attached\b/,
      /\b(?:proof|evidence) of payment\b|\bpreuve de (?:paiement|virement|reglement)\b|\bavis de (?:virement|paiement|reglement)\b|\bc'est (?:deja )?(?:paye|regle)\b/,
      // A clause that opens on the participle: "Paid on 30/09", "Réglé le 3 mars".
      /^(?:paid|settled|payee?s?|reglee?s?|viree?s?)\b(?! (?:by|on|before) (?:the )?due)/,
      /\b(?:virement|paiement|reglement|cheque)s? (?:est|sont) (?:bien )?(?:parti|envoye|effectue|fait|emis|passe)e?s?\b/,
      /\bwe (?:have |'ve )?(?:made|sent|mailed|posted|released|cleared) (?:the |a |our |your )?(?:payment|cheque|check|transfer|funds|money)\b|\b(?:cheque|check) (?:was )?(?:mailed|posted) (?:on|last)\b/,
      /\b(?:in the (?:post|mail)|dans le courrier|au courrier)\b/,
    ],
  ],
  [
    'not_received',
    [
      /\b(?:never|not|haven't|havent|have not|didn't|didnt|did not|hasn't|has not)\s(?:yet\s|ever\s)?(?:received|recieved|recived|receive|got|gotten|get)\b(?! (?:the |your |a |any )?(?:credit|payment|reply|response|answer|approval|confirmation|feedback|news|certificate|document|paperwork))/,
      /\bno invoice\b|\b(?:jamais|pas|pas encore|aucune facture)\s?(?:recu|recue|recus)\b(?! (?:de |d'|votre |la |le |l')?(?:reponse|retour|nouvelles|information|validation|accord|confirmation|certificat|attestation|justificatif|document))/,
      /\b(?:n'avons|n'ai|n'a) (?:jamais |pas |pas encore )?eu\b(?! (?:de |d')?(?:reponse|retour|nouvelles|information|validation|accord|confirmation))/,
      /\b(?:can't|cannot|couldn't|could not|unable to) (?:find|locate) (?:it|the invoice|your invoice|this invoice)\b|\bne (?:la|le|les) (?:trouvons|trouve) pas\b|\bduplicata\b/,
      /\b(?:re-?send|send) (?:us |me )?(?:a copy of )?(?:the |this |your )?invoice(?: again)?\b(?! (?:with|to|showing|including|addressed|without|corrected|correctly))|\b(?:renvoyer|renvoyez|retransmettre|nous transmettre a nouveau) (?:nous )?(?:la|cette|votre) facture\b/,
      // Goods or a service that never came: "never delivered", "never took place", "did not turn up".
      /\b(?:never|not|not yet|wasn't|weren't) (?:been )?(?:delivered|shipped|performed|carried out)\b(?! (?:properly|correctly|as agreed))|\b(?:never|did not|didn't) (?:took|take) place\b/,
      /\b(?:never|did not|didn't|failed to) (?:arrived?|turn(?:ed)? up|show(?:ed)? up|come|came)\b|\bno[- ]show\b|\bshort[- ](?:delivered|shipped|delivery)\b/,
      /\bmissing (?:items?|goods|boxes|units|pallets|parcels|packages|cartons|deliver(?:y|ies))\b/,
      notDelivered,
      /\b(?:still )?missing \d+\b|\bnot (?:been |yet been )?delivered in full\b|\b(?:incomplete|partial) deliver(?:y|ies)\b|\blivraisons? (?:incomplete|partielle)s?\b|\b(?:n'est|ne sont) (?:jamais|pas) (?:venue?s?|passee?s?|arrivee?s?)\b/,
      /\b(?:jamais|pas|pas encore|pas ete|jamais ete) (?:livree?s?|realisee?s?|effectuee?s?|executee?s?|faite?s?|arrivee?s?)\b(?! (?:correctement|proprement|comme prevu))|\bnon (?:livree?s?|realisee?s?|effectuee?s?)\b/,
      /\bn'a pas eu lieu\b|\bne s'est (?:pas|jamais) presente\b|\bn'est (?:pas|jamais) (?:venu|passe|arrive)e?s?\b/,
      // Work or a service never started or finished: "never activated", "le chantier n'est pas terminé".
      /\bnever (?:activated|installed|set up|provisioned|commissioned|started|completed|finished)\b|\bnot (?:yet )?(?:finished|completed)\b/,
      /\b(?:jamais|pas) (?:ete )?(?:active|installe|mis en service|termine|fini|acheve)e?s?\b|\binacheve\w*|\bnon termine\w*/,
      /\b(?:marchandises?|colis|articles?|produits?|pieces?|cartons?|palettes?|quantites?) manquante?s?\b/,
      /\bno (?:record|trace|sign) of (?:receiving|receipt|the delivery|any delivery|delivery|the goods)\b|\b(?:proof|evidence) of delivery\b|\b(?:aucune|pas de) trace (?:de |d')?(?:la )?(?:livraison|reception)\b|\bpreuve de livraison\b/,
      /\b(?:still|toujours) (?:waiting|awaiting|en attente)(?: for| de)? (?:the |la |les |du |des )?(?:goods|delivery|order|parts|items|livraison|marchandise|commande|colis)\b|\b(?:hasn't|has not|haven't|have not) (?:yet )?arrived\b|\btoujours pas (?:recue?s?|livree?s?|arrivee?s?)\b/,
      /\bn'avons rien recu\b|\bonly (?:received|got|been delivered)\b|\bn'(?:en )?(?:avons|ai|a) (?:recu|eu|ete livree?s?) que\b|\b(?:received|got) nothing\b|\bnothing (?:has )?(?:arrived|been delivered)\b|\brien (?:n'est arrive|n'a ete livre)\b/,
      // Part of it: "we only received 8 of the 10 pallets", "reçu 8 cartons sur les 10".
      /\b(?:received|delivered|got|recu|recus|recues|livre|livres|livrees?)\b[^.]{0,30}\b\d+\s(?:\w+\s)?(?:of|out of|sur|au lieu de)\s(?:the\s|les\s|des\s)?\d+\b/,
    ],
  ],
  [
    'quality_issue',
    [
      /\b(?:damaged|defective|defects?|faulty|broken|not working|doesn't work|poor quality|bad quality|not as described|missing parts?)\b/,
      /\b(?:defectueu(?:x|se|ses)|defauts?|endommage(?:e|es|s)?|abime(?:e|es|s)?|casse(?:e|es|s)?|non conformes?|mauvaise qualite|ne fonctionne pas|en panne)\b/,
      /\b(?:pieces|marchandises?|articles?|produits?|livraisons?|materiels?|goods|items|parts|products|delivery)(?: \w+)? (?:ne correspond(?:ent)? pas|(?:do|does) not match|(?:don't|doesn't) match)\b/,
      // Work done badly: "not done properly", "pas été fait correctement", "mal fait".
      /\bnot (?:been )?(?:done|carried out|performed|installed|fixed) (?:properly|correctly)\b|\b(?:poorly|badly) (?:done|made|installed|performed)\b/,
      /\bpas (?:ete )?(?:fait|realise|effectue|execute|installe)e?s? (?:correctement|proprement|comme prevu)\b|\bmal (?:fait|realise|effectue|execute|installe)e?s?\b/,
      /\b(?:stopped|stop) working\b|\bbroke down\b|\bout of order\b|\bmalfunction\w*|\bnot fit for purpose\b|\bpoor workmanship\b|\b(?:scratched|dented|leaking|cracked|torn)\b/,
      /\btombee?s? en panne\b|\bne (?:marche|marchent|fonctionne|fonctionnent) (?:toujours )?(?:pas|plus)\b|\bhors service\b|\b(?:raye|fissure|dechire|tache)e?s?\b|\bfuite\b|\bmalfacons?\b/,
      /\b(?:wrong|different) (?:colou?r|size|model|items?|products?|goods|parts?|finish|specs?|specification|type|version)\b|\bnot what we ordered\b|\bpas (?:la|le|les) bonnes? (?:couleur|taille|modele|reference|produit)s?\b|\bmauvaises? (?:taille|couleur|dimension|pointure|reference|modele)s?\b/,
      /\b(?:peeling|rusting|rusty|mouldy|moldy)\b|\bs'ecaille\w*|\bse decolle\w*|\brouille\w*|\bmoisi\w*/,
      /\bdead pixels?\b|\bpixels? morts?\b|\b(?:won't|will not|doesn't|does not) (?:turn|switch|power) on\b|\bne s'allument? (?:pas|plus)\b/,
      /\b(?:coming|falling|came|fell) apart\b|\b(?:fault|failure|breakdown|leak|damage) (?:was |is )?caused by\b|\bleak(?:s|ing)?\b|\b(?:crushed|snagging|snags)\b|\becrasee?s?\b|\bfui(?:t|ent)\b|\bse defai(?:t|nt)\b/,
    ],
  ],
  [
    'wrong_amount',
    [
      /\bwrong (?:amount|price|total|rate|quantity|vat)\b|\bamount is wrong\b|\bincorrect\b|\bovercharged?\b|\bnot the (?:agreed|quoted) (?:amount|price)\b/,
      /\bmontant (?:est )?(?:errone|faux|incorrect|inexact)\b|\b(?:erreur de (?:montant|prix|facturation|tva))\b|\bfacture (?:est )?(?:fausse|erronee|incorrecte)\b|\best fausse\b/,
      /\b(?:prix|tarif) (?:unitaire )?(?:n'est pas|ne correspond pas|errone|incorrect)\b|\b(?:montant|prix|total|tarif)s?(?: \w+)? ne correspond(?:ent)? pas\b/,
      /\b(?:vat|tax|price|prices|total|amount|rate|fee|charge|bill|invoice)s? (?:is|are|was|seems|looks|appears) (?:wrong|incorrect|(?:too |very |rather |quite |a bit )?(?:high|expensive|excessive))\b/,
      /\b(?:total|montant|prix|tarif|facture)s? (?:nous )?(?:parai(?:t|ssent)|semblen?t|(?:est|sont)) (?:trop |bien |tres )?(?:eleve|cher|excessif)(?:e|s|es)?\b/,
      // Two documents that disagree: "our PO says £1,200 but your invoice says £1,450".
      /\b(?:po|order|quote|quotation|contract|agreement|bon de commande|commande|devis|contrat)\b[^.]{0,20}\b(?:says|shows|states|indique|mentionne|prevoit|prevoyait)\b[^.]{0,40}\b(?:but|whereas|mais|alors que)\b/,
      /\b(?:dispute|contest|query|challenge)\w* (?:the |this |your )?(?:late |admin |reminder |collection )?(?:fee|charge|interest|penalty|surcharge)s?\b|\bcontest\w* (?:les |la |le |vos |ces )?(?:frais|penalites?|interets|indemnites?)\b/,
      // Billed differently from what was agreed: the quote, the order, the contract.
      /\b(?:differs?|different) from\b.{0,50}\b(?:quote|quotation|estimate|order|purchase order|po|contract|agreed)\b/,
      /\b(?:price|prices|amount|total|rate|vat|fee)s?\b.{0,50}\b(?:differs?|different from|higher than (?:the |what )?(?:quoted|agreed))\b/,
      /\b(?:doesn't|does not|don't|do not) match (?:the |your |our )?(?:\w+ )?(?:quote|quotation|estimate|order|purchase order|po|contract)\b/,
      /\bne correspond(?:ent)? pas (?:au|a la|aux|a notre|a votre) (?:devis|commande|bon de commande|contrat|tarif|proposition)\b/,
      /\b(?:invoiced|billed|charged|facturee?s?)\b[^.]{0,40}\b(?:instead of|rather than|au lieu d)/,
      /\bordered \d+\b[^.]{0,40}\b(?:invoiced|billed|charged)\b/,
      billedWrongly,
      /\b(?:only|just) ordered\b|\bn'avons commande que\b|\binvoice (?:is|was|seems|looks) (?:wrong|incorrect)\b|\b(?:doesn't|does not|don't|do not) add up\b|\b(?:overbilled|overinvoiced|charged (?:us )?too much|trop factur\w*|factur\w* en trop|surfactur\w*)\b/,
      /\b(?:contract|agreed|quoted|negotiated) (?:hourly |unit |day )?(?:rate|price|amount|fee|total)\b|\b(?:tarif|prix|montant|taux) (?:convenu|negocie|contractuel|du devis|prevu)\b/,
      // Billed, then a contrast: "we were charged delivery but collected it", "facturé 15 heures alors que …".
      /\b(?:charged|billed|invoiced)\b[^.]{0,50}\b(?:but|whereas|although)\b|\b(?:factur|appliqu|compt)\w*\b[^.]{0,60}\balors (?:que|qu')/,
      /\berreur (?:sur|dans|de) (?:le |la |les |l')?(?:montant|prix|taux|tarif|quantite|tva|total|calcul|remise)\b|\b\d\s?(?:€|eur|£|\$|gbp|usd)\s?(?:au lieu de|au lieu des|instead of)\b/,
      /\b(?:should|was supposed to|were supposed to) (?:have )?been (?:free|included|free of charge)\b|\b(?:devait|devaient|aurait du|auraient du) etre (?:gratuite?s?|offerte?s?|inclu(?:se?|s)?)\b/,
      /\b(?:discount|rebate) (?:was |has )?(?:not|never) (?:been )?(?:applied|deducted)\b|\b(?:missing|forgot(?:ten)?(?: the)?) discount\b|\bremise (?:n'a pas ete |non )?(?:appliquee|deduite)\b/,
      /\b(?:discount|rebate|deposit|rate|price|pricing|remise|ristourne|acompte|tarif|prix)\b[^.]{0,60}\b(?:not|isn't|hasn't|has not|wasn't|n'a pas|n'est pas|pas ete|non)\b[^.]{0,20}\b(?:applied|deducted|taken off|reflected|appliquee?|deduite?|pris en compte)\b|\b(?:oublie|forgot|forgotten|omitted|failed) (?:de |d'|to )?(?:deduire|deduct|apply|appliquer|take off)\b/,
      // Disputing an amount-like thing: the hours, the days, the penalties, in either order.
      /\b(?:disput|contest|query|querying|challeng|question)\w*\b[^.]{0,50}\b(?:hours|days|quantit(?:y|ies)|prices?|pricing|rates?|amounts?|totals?|fees|charges|penalt(?:y|ies)|interest|heures|jours|quantites?|prix|montants?|penalites|frais|interets)\b/,
      /\b(?:hours|days|quantit(?:y|ies)|prices?|rates?|amounts?|fees|charges|penalt(?:y|ies)|heures|jours|quantites?|prix|montants?|penalites|frais|interets)\b[^.]{0,40}\b(?:que nous contestons|we (?:dispute|contest|query)|(?:are|is) (?:disputed|contested))\b/,
      // Billed for more than was done: "only worked 3 of the 5 days invoiced", "3 jours prévus, vous en facturez 5".
      /\b\d+\s(?:\w+\s)?(?:of|out of|sur)\s(?:the\s|les\s)?\d+\b[^.]{0,30}\b(?:invoiced|billed|charged|facturee?s?)\b/,
      /\b(?:devis|quote|quotation|estimate|contrat|contract|bon de commande)\b[^.]{0,60}\b(?:facturez|facturee?s?|facturer|facturent|invoiced|billed|charged|charge us|bill us)\b/,
      // Tax that should not be there, or one invoice billed twice.
      /\b(?:zero[- ]rated|vat[- ]exempt|exempt from vat|reverse charge|without vat|autoliquidation|sans tva|exoneree? de tva)\b/,
      /\b(?:billed|invoiced|charged) (?:us )?twice\b|\bduplicate (?:invoice|billing|charge)\b|\bdeux fois la meme facture\b|\bfactur\w* (?:deux fois|en double)\b|\ben double\b|\bdoublon\b/,
    ],
  ],
  [
    'other',
    [
      /\b(?:dispute[sd]?|disputing|contest(?:ed|ing)?|refuse to pay|will not pay this|won't (?:be )?pay(?:ing)? this|not (?:going to )?pay this)\b/,
      /\b(?:litige|litigieu(?:x|se)|(?<!non |pas )contest(?:ons|e|ee|ation)|reclamation|refusons de payer|ne (?:reglerons|paierons|payerons|payons|reglons) pas (?:cette|la|votre) facture)\b/,
      /\bshould(?:n't| not) have been (?:billed|invoiced|charged)\b|\b(?:never|did not|didn't) (?:order(?:ed)?|signed up|subscribed|requested|asked for|agreed to)\b|\bn'avons (?:jamais |pas )(?:commande|souscrit|demande|signe|accepte)\b/,
      /\b(?:invoiced|billed|charged|addressed (?:it |the invoice )?to) the wrong\b|\b(?:refaire|reediter|etablir|libeller|adresser) (?:la |cette )?(?:facture )?au nom\b|\b(?:etablie|libellee|adressee|emise) au nom (?:de|d'une?) (?:notre |la |une |l')?(?:filiale|maison mere|societe|autre)\b/,
      /\bwrong (?:entity|company|address|customer|po|purchase order|legal entity)\b|\bmauvaise (?:adresse(?! (?:mail|e-?mail|electronique))|entite|societe|raison sociale)\b/,
      // The invoice cannot be processed as it stands: another legal entity, no order number.
      /\b(?:different|correct|right) (?:legal )?(?:entity|company)\b|\b(?:cannot|can't|unable to) process (?:it|the invoice|this invoice|your invoice)\b/,
      /\b(?:reject|rejects|rejected|refuse|refuses|refused) (?:the |this |your |all )?invoices?\b|\b(?:without|no|missing) (?:a |the |our )?(?:po|purchase order|order number)\b/,
      /\b(?:no |without (?:a |the |your )?|missing (?:the |your )?)vat (?:number|registration)\b|\bsans (?:le |votre )?numero de tva\b|\b(?:signed|valid) (?:delivery note|proof of delivery)\b|\bbon de livraison signe\b/,
      /\bnobody (?:here )?(?:ordered|approved|requested)\b|\bn'avons passe aucune commande\b|\bne connaissons pas (?:cette|votre) (?:societe|entreprise)\b/,
      /\bne pouvons pas (?:la|le|les) traiter\b|\b(?:doit|doivent) etre adressee?s? a\b|\bsans (?:numero de |bon de )?commande\b/,
      /\b(?:don't|do not|doesn't|does not) owe\b|\bne (?:vous )?devons (?:rien|pas)\b|\b(?:order|commande|contract|contrat|subscription|abonnement|project|projet|mission|event|evenement)\b[^.]{0,20}\b(?:was |has been |a ete |est )?(?:cancell?ed|annulee?|resilie)e?s?\b|\bnot (?:in|under) our name\b|\bn'est pas (?:a|au) (?:notre )?nom\b|\bnot addressed to us\b/,
      /\bno account with (?:you|your)\b|\b(?:not|never been) (?:a |one of your )?customers?\b|\bnot our invoice\b|\b(?:ne sommes pas|n'avons jamais ete) clients?\b|\baucun compte chez vous\b/,
      /\b(?:missing|need|needs|require|requires|not received|haven't received|manque|manquant|besoin|pas recu)\b[^.]{0,30}\b(?:certificat|certificate|attestation|justificatif|paperwork|documentation|kbis)\b/,
      // Late delivery or a wish to talk it over before paying: disputed, for no reason above.
      /\b(?:delivered|arrived|completed|done|finished) (?:\w+ )?(?:days |weeks )?late\b|\blate delivery\b|\bretard (?:de|du|des|sur (?:le|la)) (?:livraison|chantier|travaux|prestation|projet|execution)\b|\b(?:appliquons|appliquerons|deduisons) (?:les |des )?penalites\b|\b(?:jours|semaines) de retard\b|\blivree?s? en retard\b/,
      /\b(?:discuss|talk about) (?:this|it|the invoice)? ?before (?:we )?pay\w*|\ben discuter avant de (?:payer|regler)\b/,
      /\b(?:won't|will not|cannot|can't|doesn't|does not) accept (?:it|the invoice|this invoice|invoices)\b|\bwith (?:our|the) (?:po|purchase order|order) (?:number|no|ref)/,
      /\b(?:ne mentionne|ne comporte|n'indique|ne porte) pas\b[^.]{0,40}\b(?:numero|reference|bon de commande|commande)\b|\bdoes(?:n't| not) (?:show|mention|include|quote|have) (?:our|the|a) (?:po|purchase order|order number|reference)\b/,
      /\b(?:send|transmettre|transmettez|envoyer|envoyez|fournir|fournissez) (?:us |nous )?(?:the |a |le |la |un |votre )?(?:signed |valid )?(?:po|purchase order|bon de commande|order form)\b/,
    ],
  ],
];

/** Signals from most to least specific: when clauses disagree, the earlier one wins. */
export const disputeSignalOrder: readonly DisputeSignal[] = signals.map(([signal]) => signal);

/**
 * The most specific dispute signal in a folded clause, or null.
 * @example disputeSignalIn("nous n'avons jamais recu cette facture") // "not_received"
 * @example disputeSignalIn('we will pay on 15 march') // null
 */
export function disputeSignalIn(folded: string): DisputeSignal | null {
  for (const [signal, patterns] of signals) if (patterns.some((re) => re.test(folded))) return signal;
  return null;
}
