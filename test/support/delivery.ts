/** A delivery address as wx.chooseAddress gives it (mapped to the API's names) and a parcel. */
export const ADDRESS = {
  name: '张三',
  phone: '13800138000',
  province: '广东省',
  city: '广州市',
  district: '天河区',
  detail: '体育西路 100 号 1801 室',
};

export const PARCEL = { expressCompany: 'SF', trackingNo: 'SF1234567890123' };
export const SHIP = { parcels: [PARCEL] };
