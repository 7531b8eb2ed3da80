// The customer's code, written from the examples of their typescript-axios SDK's docs
// page (../shared/seed/MessagesApi.md) with only the package name changed. The page's
// `let x: T;` declarations get values: as written they do not compile under --strict
// with any SDK (a variable used before it is assigned). Each example is a function
// taking the configuration, so that the tests can point it at a mock server.
import {
  MessagesApi,
  Configuration,
  MessageRequest,
  MessageStatusEnum,
  ListMessageDirectionEnum,
  MessageTypeEnum,
  ProductTypeEnum,
} from "bandwidth-messaging";

export async function createMessage(
  configuration: Configuration = new Configuration(),
): Promise<number> {
  const apiInstance = new MessagesApi(configuration);
  let accountId: string = "9900000"; //Your Bandwidth Account ID. (default to undefined)
  let messageRequest: MessageRequest = {
    applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
    to: ["+15554443333"],
    from: "+15551113333",
    text: "Hello",
  }; //

  const { status, data } = await apiInstance.createMessage(
    accountId,
    messageRequest,
  );
  console.log(status, data.id, data.to);
  return status;
}

export async function listMessages(
  configuration: Configuration = new Configuration(),
): Promise<number> {
  const apiInstance = new MessagesApi(configuration);
  let accountId: string = "9900000";
  let messageId: string = "1589228074636lm4k2je7j7jklbn2";
  let sourceTn: string = "+15554443333";
  let destinationTn: string = "+15551113333";
  let messageStatus: MessageStatusEnum = "DELIVERED";
  let messageDirection: ListMessageDirectionEnum = "OUTBOUND";
  let carrierName: string = "Verizon";
  let messageType: MessageTypeEnum = "sms";
  let errorCode: number = 9902;
  let fromDateTime: string = "2022-09-14T18:20:16.000Z";
  let toDateTime: string = "2022-09-14T18:20:16.000Z";
  let campaignId: string = "CJEUMDK";
  let fromBwLatency: number = 2;
  let bwQueued: boolean = true;
  let product: ProductTypeEnum = "P2P";
  let location: string = "123ABC";
  let carrierQueued: boolean = true;
  let fromCarrierLatency: number = 50;
  let callingNumberCountryA3: string = "USA";
  let calledNumberCountryA3: string = "USA";
  let fromSegmentCount: number = 1;
  let toSegmentCount: number = 3;
  let fromMessageSize: number = 100;
  let toMessageSize: number = 120;
  let sort: string = "sourceTn:desc";
  let pageToken: string = "gdEewhcJLQRB5";
  let limit: number = 50;
  let limitTotalCount: boolean = true;

  const { status, data } = await apiInstance.listMessages(
    accountId,
    messageId,
    sourceTn,
    destinationTn,
    messageStatus,
    messageDirection,
    carrierName,
    messageType,
    errorCode,
    fromDateTime,
    toDateTime,
    campaignId,
    fromBwLatency,
    bwQueued,
    product,
    location,
    carrierQueued,
    fromCarrierLatency,
    callingNumberCountryA3,
    calledNumberCountryA3,
    fromSegmentCount,
    toSegmentCount,
    fromMessageSize,
    toMessageSize,
    sort,
    pageToken,
    limit,
    limitTotalCount,
  );
  console.log(status, data.totalCount, data.messages);
  return status;
}
