import onnxProto from 'onnx-proto';
import { toFloat16 } from './float16.js';
import type { LinearModel } from './linear-model.js';
import type { MlpModel } from './mlp-model.js';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

function tensor(name: string, dataType: number, dims: number[], data: ArrayBufferView) {
  return onnx.TensorProto.create({
    name,
    dataType,
    dims,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

function input(name: string, elemType: number, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, number> = {}) {
  return onnx.NodeProto.create({
    opType,
    input: inputs,
    output: outputs,
    attribute: Object.entries(attributes).map(([name, i]) =>
      onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
    ),
  });
}

/**
 * The whole model as an ONNX graph, so the edge only featurizes:
 *   ids [batch, n] (hash buckets, int64), weights [batch, n] (float; 0 for padding)
 *   -> remap bucket to row -> gather rows -> weight -> sum over n -> + bias -> softmax
 *   -> probs [batch, classes].
 * For the tagger, "batch" is the characters of one text.
 */
export function exportOnnx(
  model: LinearModel,
  buckets: number,
  docString: string,
  options: { halfPrecision?: boolean } = {},
): Uint8Array {
  // Rows that are all zero add nothing: they share row 0, which keeps the file small.
  const c = model.classes;
  const kept: number[] = [];
  model.rowBuckets.forEach((_, i) => {
    const row = model.weights.subarray((i + 1) * c, (i + 2) * c);
    if (row.some((w) => w !== 0)) kept.push(i);
  });
  const remap = new Int32Array(buckets);
  const table = new Float32Array((kept.length + 1) * c);
  kept.forEach((i, k) => {
    remap[model.rowBuckets[i] ?? 0] = k + 1;
    table.set(model.weights.subarray((i + 1) * c, (i + 2) * c), (k + 1) * c);
  });
  const rows = kept.length + 1;
  const graph = onnx.GraphProto.create({
    name: 'branchline_linear_bag',
    input: [input('ids', DataType.INT64, ['batch', 'n']), input('weights', DataType.FLOAT, ['batch', 'n'])],
    output: [input('probs', DataType.FLOAT, ['batch', model.classes])],
    initializer: [
      tensor('remap', DataType.INT32, [buckets], remap),
      options.halfPrecision
        ? tensor('table_half', DataType.FLOAT16, [rows, model.classes], toFloat16(table))
        : tensor('table', DataType.FLOAT, [rows, model.classes], table),
      tensor('bias', DataType.FLOAT, [model.classes], model.bias),
      tensor('axis_n', DataType.INT64, [1], BigInt64Array.from([1n])),
      tensor('axis_last', DataType.INT64, [1], BigInt64Array.from([2n])),
    ],
    node: [
      node('Gather', ['remap', 'ids'], ['rows'], { axis: 0 }),
      ...(options.halfPrecision
        ? [
            node('Gather', ['table_half', 'rows'], ['embedded_half'], { axis: 0 }),
            node('Cast', ['embedded_half'], ['embedded'], { to: DataType.FLOAT }),
          ]
        : [node('Gather', ['table', 'rows'], ['embedded'], { axis: 0 })]),
      node('Unsqueeze', ['weights', 'axis_last'], ['weights_3d']),
      node('Mul', ['embedded', 'weights_3d'], ['weighted']),
      node('ReduceSum', ['weighted', 'axis_n'], ['summed'], { keepdims: 0 }),
      node('Add', ['summed', 'bias'], ['logits']),
      node('Softmax', ['logits'], ['probs'], { axis: -1 }),
    ],
  });
  const modelProto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'branchline',
    docString,
    graph,
  });
  return onnx.ModelProto.encode(modelProto).finish();
}

/**
 * The hidden-layer model as ONNX: the same bag over remapped rows, then + b1, ReLU, · W2, + b2,
 * softmax. Inputs and output are those of the linear graph, so the edge runs either the same way.
 */
export function exportMlpOnnx(model: MlpModel, buckets: number, docString: string): Uint8Array {
  const remap = new Int32Array(buckets);
  model.rowBuckets.forEach((bucket, i) => {
    remap[bucket] = i + 1;
  });
  const rows = model.rowBuckets.length + 1;
  const graph = onnx.GraphProto.create({
    name: 'branchline_bag_mlp',
    input: [input('ids', DataType.INT64, ['batch', 'n']), input('weights', DataType.FLOAT, ['batch', 'n'])],
    output: [input('probs', DataType.FLOAT, ['batch', model.classes])],
    initializer: [
      tensor('remap', DataType.INT32, [buckets], remap),
      // Half precision halves the largest table; the graph widens gathered rows to float.
      tensor('embeddings', DataType.FLOAT16, [rows, model.hidden], toFloat16(model.embeddings)),
      tensor('hidden_bias', DataType.FLOAT, [model.hidden], model.hiddenBias),
      tensor('output_weights', DataType.FLOAT, [model.hidden, model.classes], model.output),
      tensor('output_bias', DataType.FLOAT, [model.classes], model.outputBias),
      tensor('axis_n', DataType.INT64, [1], BigInt64Array.from([1n])),
      tensor('axis_last', DataType.INT64, [1], BigInt64Array.from([2n])),
    ],
    node: [
      node('Gather', ['remap', 'ids'], ['rows'], { axis: 0 }),
      node('Gather', ['embeddings', 'rows'], ['embedded_half'], { axis: 0 }),
      node('Cast', ['embedded_half'], ['embedded'], { to: DataType.FLOAT }),
      node('Unsqueeze', ['weights', 'axis_last'], ['weights_3d']),
      node('Mul', ['embedded', 'weights_3d'], ['weighted']),
      node('ReduceSum', ['weighted', 'axis_n'], ['summed'], { keepdims: 0 }),
      node('Add', ['summed', 'hidden_bias'], ['pre_activation']),
      node('Relu', ['pre_activation'], ['activation']),
      node('MatMul', ['activation', 'output_weights'], ['projected']),
      node('Add', ['projected', 'output_bias'], ['logits']),
      node('Softmax', ['logits'], ['probs'], { axis: -1 }),
    ],
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'branchline',
      docString,
      graph,
    }),
  ).finish();
}
