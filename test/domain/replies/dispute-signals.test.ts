import { describe, expect, it } from 'vitest';
import { disputeSignalIn } from '../../../src/domain/replies/dispute-signals.js';
import { foldText } from '../../../src/domain/replies/fold-text.js';

describe('disputeSignalIn', () => {
  it.each([
    ['We never received this invoice', 'not_received'],
    ["We haven't received it", 'not_received'],
    ['Nous n’avons pas reçu la facture', 'not_received'],
    ['Jamais reçu', 'not_received'],
    ['The amount is wrong', 'wrong_amount'],
    ['This total is incorrect', 'wrong_amount'],
    ['Le montant est erroné', 'wrong_amount'],
    ['We already paid this', 'already_paid'],
    ['We paid on 5 March', 'already_paid'],
    ['Déjà payé', 'already_paid'],
    ['DÉJÀ RÉGLÉ', 'already_paid'],
    ['Le virement a été effectué hier', 'already_paid'],
    ['The goods arrived damaged', 'quality_issue'],
    ['Pièces défectueuses', 'quality_issue'],
    ['Please send a credit note', 'credit_note'],
    ["En attente de l'avoir", 'credit_note'],
    ['We will not pay until the credit note for the damaged goods', 'credit_note'],
    ['Facture en litige', 'other'],
    ['We dispute this invoice', 'other'],
    ['We will pay on 15 March', null],
    ['Facture bien reçue', null],
    ['Le paiement sera effectué vendredi', null],
    ['The maintenance visit never took place', 'not_received'],
    ["L'intervention n'a jamais été réalisée", 'not_received'],
    ['We only received 8 of the 10 pallets', 'not_received'],
    ['Nous avons reçu 8 cartons sur les 10 facturés', 'not_received'],
    ['We have no record of receiving these goods', 'not_received'],
    ["Le nettoyage n'a pas été fait correctement", 'quality_issue'],
    ['The printer stopped working after two days', 'quality_issue'],
    ['4 fauteuils présentent des défauts', 'quality_issue'],
    ['The unit price differs from the £12.50 in your quotation', 'wrong_amount'],
    ['We ordered 40 boxes but were invoiced for 50', 'wrong_amount'],
    ['These items are zero-rated', 'wrong_amount'],
    ['Vous nous avez envoyé deux fois la même facture', 'wrong_amount'],
    ['Vous nous facturez 15 heures alors que le technicien est resté 9 heures', 'wrong_amount'],
    ['Des pénalités de retard que nous contestons', 'wrong_amount'],
    ['The discount agreed has not been applied', 'wrong_amount'],
    ['Facture réglée le 14/09 par virement', 'already_paid'],
    ['Paid in full on 30/09', 'already_paid'],
    ['Nous avon fait le virment hier', 'already_paid'],
    ["Cheque's in the post", 'already_paid'],
    ['Our system rejects invoices without a PO', 'other'],
    ['The invoice is addressed to a different company', 'other'],
    ["Votre facture ne mentionne pas notre numéro de bon de commande", 'other'],
    ["We don't owe this, the order was cancelled", 'other'],
    ['Could you resend the invoice with our PO number on it', 'other'],
    ['We were promised a credit for the late delivery', 'credit_note'],
    ['Bank transfer done this morning', 'already_paid'],
    ['Le virement a été passé hier soir', 'already_paid'],
    ["Sur les 12 cartons nous n'en avons reçu que 10", 'not_received'],
    ['The software licences were never activated', 'not_received'],
    ["Le chantier n'est pas terminé", 'not_received'],
    ['The non-profit rate isn’t reflected here', 'wrong_amount'],
    ['Une erreur sur le taux horaire (65 € au lieu de 55 €)', 'wrong_amount'],
    ['Des frais de port alors que la livraison devait être gratuite', 'wrong_amount'],
    ['We have no account with your company', 'other'],
    ["Tant que nous n'avons pas reçu le certificat de conformité", 'other'],
    ['Livrée avec deux jours de retard', 'other'],
    ['Nous devons avoir votre RIB', null],
  ])('"%s" → %s', (text, want) => {
    expect(disputeSignalIn(foldText(text))).toBe(want);
  });
});

describe('disputeSignalIn: replies that only look like disputes', () => {
  it.each([
    ["Je n'ai pas reçu de réponse de notre service achats"],
    ["We haven't received approval yet"],
    ['We have received your invoice'],
    ['Nous réglons la partie non contestée'],
    ['The goods arrived in good condition'],
    ['La livraison a été faite hier'],
    ['Will be paid in full by March 31st'],
    ['Payment on its way, should arrive Monday'],
    ['La facture a été envoyée à une mauvaise adresse mail'],
  ])('"%s" → null', (text) => {
    expect(disputeSignalIn(foldText(text))).toBeNull();
  });
});
