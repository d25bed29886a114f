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
  ])('"%s" → null', (text) => {
    expect(disputeSignalIn(foldText(text))).toBeNull();
  });
});
