import type { ProductView } from '../../typings/api';
import type { AdminProductView } from '../../typings/admin';
import type { ProductDoc } from './docs';

export function toProductView(p: ProductDoc): ProductView {
  return {
    id: p._id,
    title: p.title,
    priceFen: p.priceFen,
    stock: p.stock,
    status: p.status,
    images: p.images,
    description: p.description,
    sales: p.sales,
    virtual: p.virtual === true,
  };
}

export function toAdminProductView(p: ProductDoc): AdminProductView {
  return { ...toProductView(p), commission: p.commission, createdAt: p.createdAt, updatedAt: p.updatedAt };
}
