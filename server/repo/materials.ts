import type { ApiData } from '../../typings/api';
import type { MaterialDoc } from './docs';

type MaterialView = ApiData<'material.list'>['items'][number];

/** A material as distributors see it; the admin's list adds its status and edit time. */
export function toMaterialView(m: MaterialDoc): MaterialView {
  return { id: m._id, title: m.title, text: m.text, images: m.images, productId: m.productId, createdAt: m.createdAt };
}
