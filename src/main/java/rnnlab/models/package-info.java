/**
 * Whole networks: {@link rnnlab.models.SequenceModel} (embedding → recurrent body → output layer → loss, many-to-many
 * or many-to-one) and {@link rnnlab.models.Batch}, a padded mini-batch with its labels.
 */
package rnnlab.models;
